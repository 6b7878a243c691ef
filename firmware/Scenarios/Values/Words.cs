using System.Collections;

namespace ColdStandby.Scenarios.Values
{
    /// <summary>Splitting scenario lines into words and key=value pairs (nanoFramework's string has no Split options).</summary>
    public static class Words
    {
        /// <summary>The words of a line, split at spaces, tabs and carriage returns; empty words dropped.</summary>
        /// <param name="line">The line.</param>
        /// <returns>The words (none for a blank line).</returns>
        public static string[] Split(string line)
        {
            ArrayList words = new ArrayList();
            int start = -1;
            for (int i = 0; i <= line.Length; i++)
            {
                bool blank = i == line.Length || line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
                if (blank && start >= 0)
                {
                    words.Add(line.Substring(start, i - start));
                    start = -1;
                }
                else if (!blank && start < 0)
                {
                    start = i;
                }
            }

            return (string[])words.ToArray(typeof(string));
        }

        /// <summary>The words of a scenario line, after dropping a comment (<c>#</c> to the end).</summary>
        /// <param name="line">The line.</param>
        /// <returns>The words (none for a blank or comment line).</returns>
        public static string[] OfLine(string line)
        {
            int hash = line.IndexOf('#');
            return Split(hash >= 0 ? line.Substring(0, hash) : line);
        }

        /// <summary>The words from <paramref name="from"/> on.</summary>
        /// <param name="words">The words.</param>
        /// <param name="from">The first index kept.</param>
        /// <returns>A new array.</returns>
        public static string[] From(string[] words, int from)
        {
            return Range(words, from, words.Length);
        }

        /// <summary>The words from <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
        /// <param name="words">The words.</param>
        /// <param name="from">The first index kept.</param>
        /// <param name="to">The first index not kept.</param>
        /// <returns>A new array.</returns>
        public static string[] Range(string[] words, int from, int to)
        {
            if (from > to)
            {
                from = to;
            }

            string[] part = new string[to - from];
            for (int i = from; i < to; i++)
            {
                part[i - from] = words[i];
            }

            return part;
        }

        /// <summary>The words joined by single spaces.</summary>
        /// <param name="words">The words.</param>
        /// <returns>The text.</returns>
        public static string Join(string[] words)
        {
            string text = "";
            for (int i = 0; i < words.Length; i++)
            {
                text = i == 0 ? words[i] : text + " " + words[i];
            }

            return text;
        }

        /// <summary>The index of <paramref name="word"/> in <paramref name="words"/>, or -1.</summary>
        /// <param name="words">The words.</param>
        /// <param name="word">The word looked for.</param>
        /// <returns>The index, or -1.</returns>
        public static int IndexOf(string[] words, string word)
        {
            for (int i = 0; i < words.Length; i++)
            {
                if (words[i] == word)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Reads <c>key=value</c> words into pairs.</summary>
        /// <param name="words">The words.</param>
        /// <param name="from">The first word read.</param>
        /// <returns>The pairs, in order.</returns>
        /// <exception cref="System.FormatException">A word is not key=value.</exception>
        public static Pair[] Pairs(string[] words, int from)
        {
            Pair[] pairs = new Pair[words.Length > from ? words.Length - from : 0];
            for (int i = from; i < words.Length; i++)
            {
                pairs[i - from] = Pair.Parse(words[i]);
            }

            return pairs;
        }

        /// <summary>The text with every character <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
        /// <param name="text">The text.</param>
        /// <param name="from">The character replaced.</param>
        /// <param name="to">Its replacement.</param>
        /// <returns>The new text.</returns>
        public static string Replace(string text, char from, char to)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == from)
                {
                    chars[i] = to;
                }
            }

            return new string(chars);
        }
    }
}
