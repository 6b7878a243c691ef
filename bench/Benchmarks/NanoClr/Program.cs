using System;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.NanoClrBench
{
    /// <summary>
    /// Runs on the nanoCLR: each unit's managed heap (what its constructor and its first seconds
    /// allocate), the time of a step of an idle SMU, a busy SMU and the DM, and the garbage
    /// collections over a million steps of each. Prints one figure a line, then "=== done".
    /// </summary>
    public static class Program
    {
        private const int TimedSteps = 100000;
        private const int GcSteps = 1000000;

        public static void Main()
        {
            Heap heap = new Heap();
            SmuStepRig idle = new SmuStepRig(false);
            SmuStepRig busy = new SmuStepRig(true);
            DmStepRig dm = new DmStepRig();

            // Every figure first, printed after: a string made between two measurements would count.
            long[] smu = Measure(heap, busy, null);
            long[] dmHeap = Measure(heap, null, dm);
            long free = heap.Free();
            MessageSet messages = new MessageSet();
            long messageSet = free - heap.Free();
            Console.WriteLine("heap block " + heap.FillerBytes + " bytes, heap free " + heap.Free() + " bytes");
            Console.WriteLine("heap MessageSet " + messageSet + " bytes" + (messages.Hello == null ? "" : ""));
            Console.WriteLine("heap SMU " + smu[0] + " bytes constructed, " + smu[1] + " after 10 s busy, " + smu[2] + " after 60 s");
            Console.WriteLine("heap DM " + dmHeap[0] + " bytes constructed, " + dmHeap[1] + " after 10 s, " + dmHeap[2] + " after 60 s");

            idle.Start();
            Run(idle, 0, 5000);
            Time("idle SMU", idle, null, 60000);
            Time("busy SMU", busy, null, 60000);
            Time("DM", null, dm, 60000);

            Collections("idle SMU", idle, null, 60000 + TimedSteps);
            Collections("busy SMU", busy, null, 60000 + TimedSteps);
            Collections("DM", null, dm, 60000 + TimedSteps);
            Console.WriteLine("=== done");
        }

        // The unit's heap when constructed, after 10 s and after 60 s of steps.
        private static long[] Measure(Heap heap, SmuStepRig smu, DmStepRig dm)
        {
            long[] used = new long[3];
            long free = heap.Free();
            if (smu != null)
            {
                smu.Start();
                used[0] = free - heap.Free();
                Run(smu, 0, 10000);
                used[1] = free - heap.Free();
                Run(smu, 10000, 60000);
            }
            else
            {
                dm.Start();
                used[0] = free - heap.Free();
                Run(dm, 0, 10000);
                used[1] = free - heap.Free();
                Run(dm, 10000, 60000);
            }

            used[2] = free - heap.Free();
            return used;
        }

        private static void Run(SmuStepRig rig, long from, long to)
        {
            for (long t = from; t < to; t++)
            {
                rig.Step(t);
            }
        }

        private static void Run(DmStepRig rig, long from, long to)
        {
            for (long t = from; t < to; t++)
            {
                rig.Step(t);
            }
        }

        // Steps in batches of a second (a busy SMU's traffic repeats every second: 5 heartbeats, 4 kicks);
        // the fastest batch is the step time with the CPU to itself (other programs on the host only
        // ever slow a batch down), the median what it was on the whole.
        private static void Time(string name, SmuStepRig smu, DmStepRig dm, long from)
        {
            const int Batch = 1000;
            long[] batches = new long[TimedSteps / Batch];
            long t = from;
            for (int b = 0; b < batches.Length; b++)
            {
                long start = DateTime.UtcNow.Ticks;
                for (int i = 0; i < Batch; i++, t++)
                {
                    if (smu != null)
                    {
                        smu.Step(t);
                    }
                    else
                    {
                        dm.Step(t);
                    }
                }

                batches[b] = DateTime.UtcNow.Ticks - start;
            }

            Sort(batches);
            Console.WriteLine("step " + name + " " + (batches[0] * 100 / Batch) + " ns fastest, " + (batches[batches.Length / 2] * 100 / Batch)
                + " ns median, over " + TimedSteps + " steps in batches of " + Batch);
        }

        private static void Sort(long[] values)
        {
            for (int i = 1; i < values.Length; i++)
            {
                long v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > v)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = v;
            }
        }

        // A collection frees the sentinel; a new one is made only after that, so steps that allocate nothing count none.
        private static void Collections(string name, SmuStepRig smu, DmStepRig dm, long from)
        {
            WeakReference sentinel = new WeakReference(new object());
            int collections = 0;
            for (long t = from; t < from + GcSteps; t++)
            {
                if (smu != null)
                {
                    smu.Step(t);
                }
                else
                {
                    dm.Step(t);
                }

                if (!sentinel.IsAlive)
                {
                    collections++;
                    sentinel = new WeakReference(new object());
                }
            }

            Console.WriteLine("gc " + name + " " + collections + " collections over " + GcSteps + " steps");
        }
    }

    /// <summary>
    /// Measures the free managed heap: nanoFramework 1.17's mscorlib has no call for it, so it fills the
    /// heap with small garbage objects until the collector runs (a weakly held object dies) and
    /// counts them. The first fill clears the heap; the second counts. Precise to one object.
    /// </summary>
    public sealed class Heap
    {
        private object _sink;

        /// <summary>Initializes a new instance of the <see cref="Heap"/> class: measures what one filler object takes.</summary>
        public Heap()
        {
            int before = Fillers();
            byte[] known = new byte[240000];
            int after = Fillers();
            FillerBytes = (known.Length + ((before - after) / 2)) / (before - after);
        }

        /// <summary>Gets the bytes one filler object takes on this CLR (one heap block).</summary>
        public int FillerBytes { get; }

        /// <summary>The free heap in bytes.</summary>
        /// <returns>Bytes.</returns>
        public long Free()
        {
            return (long)Fillers() * FillerBytes;
        }

        private int Fillers()
        {
            FillUntilCollected();
            return FillUntilCollected();
        }

        private int FillUntilCollected()
        {
            WeakReference sentinel = new WeakReference(new object());
            int n = 0;
            while (sentinel.IsAlive)
            {
                _sink = new object();
                n++;
            }

            _sink = null;
            return n;
        }
    }
}
