namespace ColdStandby.Scenarios.Values
{
    /// <summary>
    /// Named values in order, each with its kind: a message's fields, a log entry's, or the state a
    /// <c>check</c> reads. Small and linear: a handful of fields at most.
    /// </summary>
    public sealed class FieldValues
    {
        private string[] _names = new string[4];
        private ValueKind[] _kinds = new ValueKind[4];
        private long[] _values = new long[4];

        /// <summary>Gets how many fields there are.</summary>
        public int Count { get; private set; }

        /// <summary>Adds a field, or sets it if it is there.</summary>
        /// <param name="name">The field's name.</param>
        /// <param name="kind">How its value is written.</param>
        /// <param name="value">The value.</param>
        /// <returns>This, to chain.</returns>
        public FieldValues Add(string name, ValueKind kind, long value)
        {
            int at = IndexOf(name);
            if (at < 0)
            {
                if (Count == _names.Length)
                {
                    Grow();
                }

                at = Count++;
                _names[at] = name;
            }

            _kinds[at] = kind;
            _values[at] = value;
            return this;
        }

        /// <summary>The index of the field named <paramref name="name"/>, or -1.</summary>
        /// <param name="name">The name.</param>
        /// <returns>The index, or -1.</returns>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The name of the field at <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The name.</returns>
        public string NameAt(int index)
        {
            return _names[index];
        }

        /// <summary>The kind of the field at <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The kind.</returns>
        public ValueKind KindAt(int index)
        {
            return _kinds[index];
        }

        /// <summary>The value of the field at <paramref name="index"/>.</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The value.</returns>
        public long ValueAt(int index)
        {
            return _values[index];
        }

        /// <summary>The value of the field named <paramref name="name"/>; 0 when absent.</summary>
        /// <param name="name">The name.</param>
        /// <returns>The value.</returns>
        public long Value(string name)
        {
            int at = IndexOf(name);
            return at < 0 ? 0 : _values[at];
        }

        /// <summary>Every field's name, comma separated.</summary>
        /// <returns>The names.</returns>
        public string Names()
        {
            string text = "";
            for (int i = 0; i < Count; i++)
            {
                text = i == 0 ? _names[i] : text + ", " + _names[i];
            }

            return text;
        }

        /// <summary>The fields as <c>Name=value Name=value</c>, values as their kinds write them.</summary>
        /// <returns>The text (empty for no fields).</returns>
        public override string ToString()
        {
            string text = "";
            for (int i = 0; i < Count; i++)
            {
                string field = _names[i] + "=" + _kinds[i].Format(_values[i]);
                text = i == 0 ? field : text + " " + field;
            }

            return text;
        }

        private void Grow()
        {
            int size = _names.Length * 2;
            string[] names = new string[size];
            ValueKind[] kinds = new ValueKind[size];
            long[] values = new long[size];
            for (int i = 0; i < Count; i++)
            {
                names[i] = _names[i];
                kinds[i] = _kinds[i];
                values[i] = _values[i];
            }

            _names = names;
            _kinds = kinds;
            _values = values;
        }
    }
}
