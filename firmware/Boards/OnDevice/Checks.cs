using System;
using ColdStandby.Scenarios.Dm;
using ColdStandby.Scenarios.Examples;
using ColdStandby.Scenarios.Smu;
using nanoFramework.TestFramework;

namespace ColdStandby.OnDevice
{
    /// <summary>
    /// What every generated test does: runs one scenario (or example) with the shared runner, prints
    /// its report, one line each as <c>report KIND/NAME|LINE</c> (the .NET side compares them with the
    /// same run on .NET 10), and fails the test when the run did not pass.
    /// </summary>
    public static class Checks
    {
        /// <summary>Runs one SMU scenario file.</summary>
        /// <param name="name">The file's name without .txt.</param>
        /// <param name="text">Its text.</param>
        public static void RunSmu(string name, string text)
        {
            SmuScenarioRun run = SmuScenarioRun.Run(name, text);
            Print("smu/" + name, run.Report());
            Assert.IsTrue(run.Passed, name + ".txt: an expectation failed or a safety property was violated (see its report)");
        }

        /// <summary>Runs one DM scenario table.</summary>
        /// <param name="name">The file's name without .txt.</param>
        /// <param name="text">Its text.</param>
        public static void RunDm(string name, string text)
        {
            DmScenarioRun run = DmScenarioRun.Run(name, text);
            Print("dm/" + name, run.Report());
            Assert.IsTrue(run.RowCount > 0, name + ".txt has no rows");
            Assert.IsNull(run.Failure, name + ".txt: " + run.Failure);
        }

        /// <summary>Encodes and decodes one example row of the protocol specification.</summary>
        /// <param name="specification">The text of firmware/Protocol/README.md.</param>
        /// <param name="index">The row's index among the examples.</param>
        public static void RunExample(string specification, int index)
        {
            string[] rows = ProtocolExamples.Rows(specification);
            Assert.IsTrue(index < rows.Length, "the specification has " + rows.Length + " examples, not " + (index + 1));
            string[] report = ProtocolExamples.Run(rows[index]);
            Print("example/" + index, report);
            Assert.AreEqual("ok", report[report.Length - 1], rows[index]);
        }

        /// <summary>Decodes UTF-8 text (the generated tests hold their files as bytes).</summary>
        /// <param name="utf8">The bytes.</param>
        /// <returns>The text.</returns>
        public static string Text(byte[] utf8)
        {
            char[] chars = new char[utf8.Length];
            int n = 0;
            for (int i = 0; i < utf8.Length; i++)
            {
                int b = utf8[i];
                if (b < 0x80)
                {
                    chars[n++] = (char)b;
                }
                else if (b < 0xE0)
                {
                    chars[n++] = (char)(((b & 0x1F) << 6) | (utf8[++i] & 0x3F));
                }
                else
                {
                    int c = ((b & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
                    i += 2;
                    chars[n++] = (char)c;
                }
            }

            return new string(chars, 0, n);
        }

        private static void Print(string key, string[] lines)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                OutputHelper.WriteLine("report " + key + "|" + lines[i]);
            }

            OutputHelper.WriteLine("report " + key + "|end of report");
        }
    }
}
