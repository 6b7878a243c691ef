using System.Text;
using CsCheck;
using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

public class CrcAndCobsTests
{
    [Fact]
    public void Crc32C_of_123456789_is_the_published_check_value()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(data, 0, data.Length));
        Assert.Equal(Crc32C.CheckValue, Crc32C.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Crc32C_continued_over_two_parts_equals_the_whole()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        uint register = Crc32C.Update(0xFFFFFFFF, data, 0, 4);
        register = Crc32C.Update(register, data, 4, 5);
        Assert.Equal(Crc32C.CheckValue, ~register);
    }

    [Fact]
    public void Crc32C_taken_four_bytes_at_a_time_equals_the_bit_by_bit_definition_at_every_length_and_offset()
    {
        // The definition, one bit at a time: what the table-driven loop (four bytes a step, then
        // the tail byte by byte) must give for every split of words and tail bytes.
        static uint BitByBit(byte[] data, int offset, int count)
        {
            uint register = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                register ^= data[i];
                for (int k = 0; k < 8; k++)
                {
                    register = (register & 1) != 0 ? (register >> 1) ^ 0x82F63B78 : register >> 1;
                }
            }

            return ~register;
        }

        var data = new byte[80];
        new Random(7).NextBytes(data);
        for (int offset = 0; offset < 4; offset++)
        {
            for (int count = 0; count <= 70; count++)
            {
                Assert.Equal(BitByBit(data, offset, count), Crc32C.Compute(data, offset, count));
            }
        }
    }

    // The examples from Cheshire and Baker's paper as listed on Wikipedia's COBS page.
    [Theory]
    [InlineData("00", "01 01")]
    [InlineData("00 00", "01 01 01")]
    [InlineData("00 11 00", "01 02 11 01")]
    [InlineData("11 22 00 33", "03 11 22 02 33")]
    [InlineData("11 22 33 44", "05 11 22 33 44")]
    [InlineData("11 00 00 00", "02 11 01 01 01")]
    public void Cobs_encodes_the_published_examples(string plain, string encoded)
    {
        var input = Convert.FromHexString(plain.Replace(" ", ""));
        var expected = Convert.FromHexString(encoded.Replace(" ", ""));
        var output = new byte[input.Length + 2];
        int n = Cobs.Encode(input, 0, input.Length, output, 0);
        Assert.Equal(expected, output[..n]);

        var back = new byte[input.Length + 2];
        int m = Cobs.Decode(output, 0, n, back, 0, back.Length);
        Assert.Equal(input, back[..m]);
    }

    [Fact]
    public void Cobs_handles_a_run_of_254_non_zero_bytes()
    {
        var input = Enumerable.Range(1, 254).Select(i => (byte)i).ToArray();
        var output = new byte[300];
        int n = Cobs.Encode(input, 0, input.Length, output, 0);
        Assert.Equal(256, n);
        Assert.Equal(0xFF, output[0]);
        Assert.Equal(0x01, output[255]);
        var back = new byte[300];
        Assert.Equal(input, back[..Cobs.Decode(output, 0, n, back, 0, back.Length)]);
    }

    [Fact]
    public void Cobs_round_trips_any_bytes_and_never_emits_zero()
    {
        Gen.Byte.Array[0, 600].Sample(input =>
        {
            var encoded = new byte[input.Length + input.Length / 254 + 2];
            int n = Cobs.Encode(input, 0, input.Length, encoded, 0);
            Assert.DoesNotContain((byte)0, encoded[..n]);
            var back = new byte[input.Length + 2];
            int m = Cobs.Decode(encoded, 0, n, back, 0, back.Length);
            Assert.Equal(input, back[..m]);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("00 11")]      // a zero inside an encoded frame
    [InlineData("05 11 22")]   // a block running past the end
    [InlineData("03 11 00")]
    public void Cobs_rejects_invalid_encodings(string encoded)
    {
        var input = Convert.FromHexString(encoded.Replace(" ", ""));
        Assert.Equal(-1, Cobs.Decode(input, 0, input.Length, new byte[16], 0, 16));
    }

    [Fact]
    public void Cobs_refuses_output_that_does_not_fit()
    {
        var input = Convert.FromHexString("051122334405AABBCCDD");
        Assert.Equal(-1, Cobs.Decode(input, 0, input.Length, new byte[6], 0, 6));
    }
}
