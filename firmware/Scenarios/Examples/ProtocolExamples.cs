using System;
using System.Collections;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Examples
{
    /// <summary>
    /// The example table of firmware/Protocol/README.md, each row encoded with the real
    /// <see cref="FrameWriter"/> and its wire bytes decoded with the real <see cref="FrameReader"/>.
    /// Row: <c>| message | fields | sequence | `frame hex` | `wire hex` |</c>.
    /// </summary>
    public static class ProtocolExamples
    {
        /// <summary>The example rows of the page: in its <c>## Examples</c> section, the table lines that hold a <c>`</c>.</summary>
        /// <param name="readme">The page's text.</param>
        /// <returns>The rows, trimmed.</returns>
        public static string[] Rows(string readme)
        {
            ArrayList rows = new ArrayList();
            string[] lines = readme.Split('\n');
            bool inExamples = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.StartsWith("## "))
                {
                    inExamples = line == "## Examples";
                }
                else if (inExamples && line.StartsWith("| ") && line.IndexOf('`') >= 0)
                {
                    rows.Add(line);
                }
            }

            return (string[])rows.ToArray(typeof(string));
        }

        /// <summary>
        /// Encodes and decodes one row; returns the report: what the code produced (<c>frame</c>,
        /// <c>wire</c>, <c>decoded</c>), then <c>ok</c> or <c>FAILED: …</c> naming what differs.
        /// </summary>
        /// <param name="row">The row.</param>
        /// <returns>The report lines.</returns>
        public static string[] Run(string row)
        {
            string[] cells = Cells(row);
            string failure = null;
            string frameText = "";
            string wireText = "";
            string decodedText = "";
            try
            {
                MessageType type = MessageFields.TypeNamed(cells[0]);
                Message message = new MessageSet().ForType((byte)type);
                MessageFields.Set(message, Words.Pairs(Words.Split(cells[1]), 0));
                ushort sequence = (ushort)Kinds.U16.Parse(cells[2]);
                byte[] frame = Numbers.Hex(cells[3]);
                byte[] wire = Numbers.Hex(cells[4]);

                byte[] scratch = new byte[Frame.MaxFrameLength];
                byte[] output = new byte[Frame.MaxWireLength];
                int n = FrameWriter.Encode(message, sequence, scratch, output, 0);
                frameText = Numbers.ToHex(scratch, 0, frame.Length);
                wireText = Numbers.ToHex(output, 0, n);
                if (frameText != Numbers.ToHex(frame, 0, frame.Length))
                {
                    failure = "the frame is " + frameText + ", the page says " + cells[3];
                }
                else if (wireText != Numbers.ToHex(wire, 0, wire.Length))
                {
                    failure = "the wire bytes are " + wireText + ", the page says " + cells[4];
                }

                FrameReader reader = new FrameReader();
                bool delivered = false;
                for (int i = 0; i < wire.Length; i++)
                {
                    delivered = reader.Push(wire[i]);
                }

                if (!delivered)
                {
                    failure = failure ?? "the wire bytes decode to no message";
                }
                else
                {
                    decodedText = MessageFields.Describe(reader.Message) + " seq=" + reader.Sequence;
                    string sent = MessageFields.Describe(message) + " seq=" + sequence;
                    if (decodedText != sent)
                    {
                        failure = failure ?? "decoded " + decodedText + ", sent " + sent;
                    }
                }
            }
            catch (FormatException e)
            {
                failure = e.Message;
            }

            return new string[]
            {
                "frame " + frameText,
                "wire " + wireText,
                "decoded " + decodedText,
                failure == null ? "ok" : "FAILED: " + failure,
            };
        }

        private static string[] Cells(string row)
        {
            string[] parts = row.Trim().Trim('|').Split('|');
            for (int i = 0; i < parts.Length; i++)
            {
                parts[i] = parts[i].Trim().Trim('`');
            }

            if (parts.Length != 5)
            {
                throw new FormatException("an example row has 5 cells: '" + row + "'");
            }

            return parts;
        }
    }
}
