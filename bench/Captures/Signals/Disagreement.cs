namespace ColdStandby.Bench.Captures;

/// <summary>A stretch in which two lines that should agree do not.</summary>
/// <param name="FromPs">When they began to differ.</param>
/// <param name="ToPs">When they agreed again (the capture's end if never).</param>
/// <param name="FirstLevel">The first line's level meanwhile.</param>
/// <param name="FirstMoved">The first line's edge made them differ (false: the second's, or they differed from the start).</param>
/// <param name="SecondMoved">The second line's edge made them differ.</param>
public readonly record struct Disagreement(long FromPs, long ToPs, bool FirstLevel, bool FirstMoved, bool SecondMoved)
{
    /// <summary>Gets how long it lasted.</summary>
    public long LengthPs => ToPs - FromPs;

    /// <summary>Finds every stretch in which <paramref name="first"/> and <paramref name="second"/> differ.</summary>
    public static List<Disagreement> Between(Waveform first, Waveform second)
    {
        var result = new List<Disagreement>();
        int i = 0;
        int j = 0;
        bool a = first.Initial;
        bool b = second.Initial;
        long since = first.StartPs;
        bool aMoved = false;
        bool bMoved = false;
        while (i < first.EdgeCount || j < second.EdgeCount)
        {
            long ta = i < first.EdgeCount ? first.EdgeAt(i) : long.MaxValue;
            long tb = j < second.EdgeCount ? second.EdgeAt(j) : long.MaxValue;
            long t = Math.Min(ta, tb);
            bool before = a != b;
            bool levelBefore = a;
            bool movedA = ta == t;
            bool movedB = tb == t;
            if (movedA)
            {
                a = !a;
                i++;
            }

            if (movedB)
            {
                b = !b;
                j++;
            }

            bool after = a != b;
            if (before && !after)
            {
                result.Add(new Disagreement(since, t, levelBefore, aMoved, bMoved));
            }
            else if (!before && after)
            {
                since = t;
                aMoved = movedA;
                bMoved = movedB;
            }
            else if (before && after)
            {
                // Both changed at once and still differ: one stretch ends, another begins.
                result.Add(new Disagreement(since, t, levelBefore, aMoved, bMoved));
                since = t;
                aMoved = movedA;
                bMoved = movedB;
            }
        }

        if (a != b)
        {
            result.Add(new Disagreement(since, first.EndPs, a, aMoved, bMoved));
        }

        return result;
    }
}
