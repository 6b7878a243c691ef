namespace ColdStandby.Schematics;

/// <summary>A point on the sheet in millimetres, y growing downwards as in KiCad's schematic.</summary>
public readonly record struct Point(double X, double Y)
{
    /// <summary>Points closer than this are the same point (KiCad keeps coordinates to 0.0001 mm).</summary>
    public const double Tolerance = 0.005;

    public bool Near(Point other) => Math.Abs(X - other.X) < Tolerance && Math.Abs(Y - other.Y) < Tolerance;

    /// <summary>A key that snaps nearby points together, for dictionaries.</summary>
    public (long, long) Key => ((long)Math.Round(X * 100), (long)Math.Round(Y * 100));

    public override string ToString() => $"({SExpr.FormatNumber(X)}, {SExpr.FormatNumber(Y)})";
}

/// <summary>How KiCad places a library symbol's point on the sheet.</summary>
public static class Placement
{
    /// <summary>
    /// Maps a library point (y up) of a symbol placed at <paramref name="origin"/> with
    /// <paramref name="rotation"/> degrees (counter-clockwise, a multiple of 90) to the sheet (y down):
    /// KiCad's symbol transform, rotation first, then the y flip.
    /// </summary>
    public static Point ToSheet(Point origin, int rotation, double libX, double libY)
    {
        var (x, y) = Rotate(libX, libY, rotation);
        return new Point(origin.X + x, origin.Y - y);
    }

    /// <summary>Rotates a library vector counter-clockwise by a multiple of 90 degrees.</summary>
    public static (double X, double Y) Rotate(double x, double y, int rotation) => (((rotation % 360) + 360) % 360) switch
    {
        0 => (x, y),
        90 => (-y, x),
        180 => (-x, -y),
        270 => (y, -x),
        _ => throw new NotSupportedException($"rotation {rotation} is not a multiple of 90"),
    };

    /// <summary>Whether <paramref name="point"/> lies on the segment from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static bool OnSegment(Point point, Point a, Point b)
    {
        double cross = (b.X - a.X) * (point.Y - a.Y) - (b.Y - a.Y) * (point.X - a.X);
        double length = Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
        if (length < Point.Tolerance) return point.Near(a);
        if (Math.Abs(cross) / length > Point.Tolerance) return false;
        return point.X >= Math.Min(a.X, b.X) - Point.Tolerance && point.X <= Math.Max(a.X, b.X) + Point.Tolerance
            && point.Y >= Math.Min(a.Y, b.Y) - Point.Tolerance && point.Y <= Math.Max(a.Y, b.Y) + Point.Tolerance;
    }
}
