namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Noise on a serial line, per byte put on it: a flipped bit, a byte lost, a byte seen twice.
/// The receiving firmware must drop and count every frame it spoils, and act on none of them.
/// </summary>
/// <param name="FlipPerByte">Probability that one bit of a byte arrives flipped.</param>
/// <param name="DropPerByte">Probability that a byte never arrives.</param>
/// <param name="DuplicatePerByte">Probability that a byte arrives twice.</param>
public sealed record LinkNoise(double FlipPerByte, double DropPerByte, double DuplicatePerByte)
{
    /// <summary>A noisy but working line: about one frame in 30 spoiled.</summary>
    public static LinkNoise Moderate { get; } = new(0.001, 0.0005, 0.0005);

    /// <summary>A bad line: about one frame in 4 spoiled.</summary>
    public static LinkNoise Heavy { get; } = new(0.01, 0.005, 0.005);

    /// <inheritdoc/>
    public override string ToString() => $"flip {FlipPerByte:0.####}/byte, drop {DropPerByte:0.####}/byte, duplicate {DuplicatePerByte:0.####}/byte";
}
