using System;

namespace ColdStandby.Scenarios.Values
{
    /// <summary>Numbers and times as scenario text writes them, read the same on nanoFramework and .NET.</summary>
    public static class Numbers
    {
        /// <summary>Reads a whole number: decimal with an optional minus, or hex after <c>0x</c>.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The number.</returns>
        /// <exception cref="FormatException">Not a number, or too large.</exception>
        public static long Parse(string text)
        {
            if (text == null || text.Length == 0)
            {
                throw new FormatException("an empty number");
            }

            bool negative = text[0] == '-';
            int at = negative ? 1 : 0;
            int radix = 10;
            if (text.Length > at + 2 && text[at] == '0' && (text[at + 1] == 'x' || text[at + 1] == 'X'))
            {
                radix = 16;
                at += 2;
            }

            if (at >= text.Length)
            {
                throw new FormatException("'" + text + "' is not a number");
            }

            long value = 0;
            for (; at < text.Length; at++)
            {
                int digit = Digit(text[at]);
                if (digit < 0 || digit >= radix)
                {
                    throw new FormatException("'" + text + "' is not a number");
                }

                if (value > (long.MaxValue - digit) / radix)
                {
                    throw new FormatException("'" + text + "' is too large");
                }

                value = (value * radix) + digit;
            }

            return negative ? -value : value;
        }

        /// <summary>A time in milliseconds: <c>1500</c>, <c>1500ms</c>, <c>12s</c>, <c>1.5s</c>, <c>2min</c>.</summary>
        /// <param name="text">The text.</param>
        /// <returns>Milliseconds.</returns>
        /// <exception cref="FormatException">Not a time.</exception>
        public static long Time(string text)
        {
            if (text.EndsWith("min"))
            {
                return 60000 * Parse(text.Substring(0, text.Length - 3));
            }

            if (text.EndsWith("ms"))
            {
                return Parse(text.Substring(0, text.Length - 2));
            }

            if (text.EndsWith("s"))
            {
                return Seconds(text.Substring(0, text.Length - 1));
            }

            return Parse(text);
        }

        /// <summary>Bytes written as hex pairs (<c>02 01 0a</c>, spaces optional).</summary>
        /// <param name="text">The text.</param>
        /// <returns>The bytes.</returns>
        /// <exception cref="FormatException">An odd number of digits or a non-hex character.</exception>
        public static byte[] Hex(string text)
        {
            int digits = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != ' ')
                {
                    digits++;
                }
            }

            if (digits % 2 != 0)
            {
                throw new FormatException("'" + text + "' has an odd number of hex digits");
            }

            byte[] bytes = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == ' ')
                {
                    continue;
                }

                int digit = Digit(text[i]);
                if (digit < 0 || digit > 15)
                {
                    throw new FormatException("'" + text + "' is not hex");
                }

                if (high < 0)
                {
                    high = digit;
                }
                else
                {
                    bytes[n++] = (byte)((high << 4) | digit);
                    high = -1;
                }
            }

            return bytes;
        }

        /// <summary>Writes bytes as lower-case hex pairs separated by spaces.</summary>
        /// <param name="bytes">The buffer.</param>
        /// <param name="offset">Where to start.</param>
        /// <param name="count">How many bytes.</param>
        /// <returns>The text, e.g. <c>02 01 0a</c>.</returns>
        public static string ToHex(byte[] bytes, int offset, int count)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[count == 0 ? 0 : (count * 3) - 1];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                if (i > 0)
                {
                    text[(i * 3) - 1] = ' ';
                }

                text[i * 3] = digits[b >> 4];
                text[(i * 3) + 1] = digits[b & 0xF];
            }

            return new string(text);
        }

        /// <summary>Right-aligns a number in a field of <paramref name="width"/> characters.</summary>
        /// <param name="value">The number.</param>
        /// <param name="width">The field width.</param>
        /// <returns>The padded text.</returns>
        public static string PadLeft(long value, int width)
        {
            string text = value.ToString();
            return text.Length >= width ? text : new string(' ', width - text.Length) + text;
        }

        private static long Seconds(string text)
        {
            int dot = text.IndexOf('.');
            if (dot < 0)
            {
                return 1000 * Parse(text);
            }

            string fraction = text.Substring(dot + 1);
            if (fraction.Length == 0 || fraction.Length > 3 || fraction[0] == '-')
            {
                throw new FormatException("'" + text + "s' is not a time (at most millisecond precision)");
            }

            while (fraction.Length < 3)
            {
                fraction += "0";
            }

            long whole = dot == 0 ? 0 : Parse(text.Substring(0, dot));
            if (whole < 0 || text[0] == '-')
            {
                throw new FormatException("'" + text + "s' is not a time (negative)");
            }

            return (1000 * whole) + Parse(fraction);
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
