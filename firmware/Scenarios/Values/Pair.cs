using System;

namespace ColdStandby.Scenarios.Values
{
    /// <summary>One <c>key=value</c> word of scenario text.</summary>
    public sealed class Pair
    {
        /// <summary>Initializes a new instance of the <see cref="Pair"/> class.</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The value, as written.</param>
        public Pair(string key, string value)
        {
            Key = key;
            Value = value;
        }

        /// <summary>Gets the key.</summary>
        public string Key { get; }

        /// <summary>Gets the value, as written.</summary>
        public string Value { get; }

        /// <summary>Reads <c>key=value</c>.</summary>
        /// <param name="word">The word.</param>
        /// <returns>The pair.</returns>
        /// <exception cref="FormatException">No '=' after a key.</exception>
        public static Pair Parse(string word)
        {
            int eq = word.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException("'" + word + "' is not key=value");
            }

            return new Pair(word.Substring(0, eq), word.Substring(eq + 1));
        }

        /// <summary>Returns <c>key=value</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            return Key + "=" + Value;
        }
    }
}
