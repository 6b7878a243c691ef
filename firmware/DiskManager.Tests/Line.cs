using ColdStandby.Hardware;

namespace ColdStandby.Dm.Tests;

/// <summary>A digital line the test drives (a request) or reads (an access or grant output).</summary>
public sealed class Line : IInputLine, IOutputLine
{
    /// <inheritdoc/>
    public bool Value { get; set; }
}
