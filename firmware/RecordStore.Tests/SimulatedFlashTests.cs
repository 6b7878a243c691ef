namespace ColdStandby.RecordStore.Tests;

/// <summary>The test double must tear writes exactly as <c>INonVolatileRegion</c> says a power cut may.</summary>
public class SimulatedFlashTests
{
    [Fact]
    public void ACutKeepsAPrefixOfTheWriteInProgressAndDropsLaterWrites()
    {
        var flash = new SimulatedFlash(8, 0);
        flash.CutPowerAfter(5);
        flash.Write(0, new byte[] { 1, 2, 3 }, 0, 3);
        Assert.False(flash.PowerLost);
        flash.Write(3, new byte[] { 4, 5, 6, 7 }, 0, 4);
        Assert.True(flash.PowerLost);
        flash.Write(7, new byte[] { 9 }, 0, 1);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0, 0, 0 }, flash.Bytes);
        Assert.Equal(5, flash.BytesWritten);
        Assert.Equal(3, flash.WriteCalls);

        var back = new byte[8];
        flash.Read(0, back, 0, 8);
        Assert.Equal(flash.Bytes, back);

        flash.RestorePower();
        flash.Write(7, new byte[] { 9 }, 0, 1);
        Assert.Equal(9, flash.Bytes[7]);
    }

    [Fact]
    public void ACutAfterZeroBytesStoresNothing()
    {
        var flash = new SimulatedFlash(4);
        flash.CutPowerAfter(0);
        Assert.True(flash.PowerLost);
        flash.Write(0, new byte[] { 1, 2, 3, 4 }, 0, 4);
        Assert.All(flash.Bytes, b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void AccessOutsideTheRegionThrows()
    {
        var flash = new SimulatedFlash(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => flash.Write(2, new byte[4], 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => flash.Read(-1, new byte[4], 0, 1));
    }
}
