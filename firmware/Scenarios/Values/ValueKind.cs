using System;

namespace ColdStandby.Scenarios.Values
{
    /// <summary>
    /// How one kind of value is written in scenario text and traces: a number (decimal, or hex with
    /// <c>0x</c>), a boolean (<c>true</c>/<c>false</c> or <c>1</c>/<c>0</c>), or an enum by name, flags
    /// joined by <c>+</c>. Values are carried as <see cref="long"/>. Formats exactly as .NET's
    /// <c>Enum.ToString</c> does (nanoFramework's prints the number, so the names live in this table).
    /// </summary>
    public sealed class ValueKind
    {
        private readonly long _min;
        private readonly long _max;
        private readonly bool _boolean;
        private readonly bool _flags;
        private readonly string[] _names;
        private readonly long[] _values;

        private ValueKind(string name, int size, long min, long max, bool boolean, bool flags, string[] names, long[] values)
        {
            Name = name;
            Size = size;
            _min = min;
            _max = max;
            _boolean = boolean;
            _flags = flags;
            _names = names;
            _values = values;
        }

        /// <summary>Gets the kind's name: the enum's name, or <c>u8</c>, <c>u16</c>, <c>u32</c>, <c>i32</c>, <c>i64</c>, <c>bool</c>.</summary>
        public string Name { get; }

        /// <summary>Gets how many bytes a value of this kind takes in a message payload.</summary>
        public int Size { get; }

        /// <summary>Gets whether the values have names.</summary>
        public bool IsEnum
        {
            get { return _names != null; }
        }

        /// <summary>Gets how many named values an enum kind has (0 for others).</summary>
        public int MemberCount
        {
            get { return _names == null ? 0 : _names.Length; }
        }

        /// <summary>An unsigned number of <paramref name="size"/> bytes (1, 2 or 4).</summary>
        /// <param name="name">The kind's name.</param>
        /// <param name="size">Bytes.</param>
        /// <returns>The kind.</returns>
        public static ValueKind Unsigned(string name, int size)
        {
            long max = size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFFL;
            return new ValueKind(name, size, 0, max, false, false, null, null);
        }

        /// <summary>A signed number of <paramref name="size"/> bytes (4 or 8).</summary>
        /// <param name="name">The kind's name.</param>
        /// <param name="size">Bytes.</param>
        /// <returns>The kind.</returns>
        public static ValueKind Signed(string name, int size)
        {
            return size == 4
                ? new ValueKind(name, size, int.MinValue, int.MaxValue, false, false, null, null)
                : new ValueKind(name, size, long.MinValue, long.MaxValue, false, false, null, null);
        }

        /// <summary>A boolean, one byte 0 or 1.</summary>
        /// <returns>The kind.</returns>
        public static ValueKind Boolean()
        {
            return new ValueKind("bool", 1, 0, 1, true, false, null, null);
        }

        /// <summary>An enum whose members are written <c>Name=value …</c> (decimal or 0x).</summary>
        /// <param name="name">The enum's name.</param>
        /// <param name="size">Bytes of its underlying type.</param>
        /// <param name="members">The members, e.g. <c>Standby=1 Active=2</c>.</param>
        /// <returns>The kind.</returns>
        public static ValueKind Enum(string name, int size, string members)
        {
            return Members(name, size, members, false);
        }

        /// <summary>A flags enum whose members are written <c>Name=value …</c>; values format as names joined by +.</summary>
        /// <param name="name">The enum's name.</param>
        /// <param name="size">Bytes of its underlying type.</param>
        /// <param name="members">The members, e.g. <c>None=0 ServerFault=0x1</c>.</param>
        /// <returns>The kind.</returns>
        public static ValueKind Flags(string name, int size, string members)
        {
            return Members(name, size, members, true);
        }

        /// <summary>The name of the enum member at <paramref name="index"/> (in declaration order).</summary>
        /// <param name="index">0 to <see cref="MemberCount"/> - 1.</param>
        /// <returns>The name.</returns>
        public string MemberName(int index)
        {
            return _names[index];
        }

        /// <summary>The value of the enum member at <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="MemberCount"/> - 1.</param>
        /// <returns>The value.</returns>
        public long MemberValue(int index)
        {
            return _values[index];
        }

        /// <summary>Writes a value the way scenario text and traces show it.</summary>
        /// <param name="value">The value.</param>
        /// <returns>A name, names joined by +, <c>true</c>/<c>false</c>, or the number.</returns>
        public string Format(long value)
        {
            if (_boolean)
            {
                return value != 0 ? "true" : "false";
            }

            if (_names == null)
            {
                return value.ToString();
            }

            int exact = IndexOf(value);
            if (exact >= 0)
            {
                return _names[exact];
            }

            return _flags ? FormatFlags(value) : value.ToString();
        }

        /// <summary>Reads a value: a name (flags joined by +), a number (decimal or 0x), true/false or 1/0.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The value.</returns>
        /// <exception cref="FormatException">The text is not a value of this kind.</exception>
        public long Parse(string text)
        {
            if (text == null || text.Length == 0)
            {
                throw new FormatException("an empty value where a " + Name + " was expected");
            }

            if (_boolean)
            {
                if (text == "1" || text == "true")
                {
                    return 1;
                }

                if (text == "0" || text == "false")
                {
                    return 0;
                }

                throw new FormatException("'" + text + "' is not true/false");
            }

            char first = text[0];
            if ((first >= '0' && first <= '9') || first == '-' || _names == null)
            {
                long number = Numbers.Parse(text);
                if (number < _min || number > _max)
                {
                    throw new FormatException("'" + text + "' is out of range for a " + Name);
                }

                return number;
            }

            long result = 0;
            string[] parts = text.Split('+');
            for (int i = 0; i < parts.Length; i++)
            {
                int index = IndexOfName(parts[i]);
                if (index < 0)
                {
                    throw new FormatException("'" + parts[i] + "' is not a " + Name + " (" + MemberList() + ")");
                }

                result |= _values[index];
            }

            return result;
        }

        private static ValueKind Members(string name, int size, string members, bool flags)
        {
            string[] words = Words.Split(members);
            string[] names = new string[words.Length];
            long[] values = new long[words.Length];
            for (int i = 0; i < words.Length; i++)
            {
                int eq = words[i].IndexOf('=');
                names[i] = words[i].Substring(0, eq);
                values[i] = Numbers.Parse(words[i].Substring(eq + 1));
            }

            long max = size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFFL;
            return new ValueKind(name, size, 0, max, false, flags, names, values);
        }

        private int IndexOf(long value)
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (_values[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        private int IndexOfName(string name)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private string MemberList()
        {
            string list = "";
            for (int i = 0; i < _names.Length; i++)
            {
                list = i == 0 ? _names[i] : list + ", " + _names[i];
            }

            return list;
        }

        // .NET's rule: take the largest members whose bits are all set until nothing is left; names in
        // ascending order; a remainder no member covers prints the number instead.
        private string FormatFlags(long value)
        {
            if (value == 0)
            {
                return "0";
            }

            bool[] taken = new bool[_values.Length];
            long left = value;
            for (int step = 0; step < _values.Length && left != 0; step++)
            {
                int largest = -1;
                for (int i = 0; i < _values.Length; i++)
                {
                    long v = _values[i];
                    if (!taken[i] && v != 0 && (left & v) == v && (largest < 0 || v > _values[largest]))
                    {
                        largest = i;
                    }
                }

                if (largest < 0)
                {
                    break;
                }

                taken[largest] = true;
                left -= _values[largest];
            }

            if (left != 0)
            {
                return value.ToString();
            }

            string text = "";
            for (int pass = 0; pass < _values.Length; pass++)
            {
                int smallest = -1;
                for (int i = 0; i < _values.Length; i++)
                {
                    if (taken[i] && (smallest < 0 || _values[i] < _values[smallest]))
                    {
                        smallest = i;
                    }
                }

                if (smallest < 0)
                {
                    break;
                }

                taken[smallest] = false;
                text = text.Length == 0 ? _names[smallest] : text + "+" + _names[smallest];
            }

            return text;
        }
    }
}
