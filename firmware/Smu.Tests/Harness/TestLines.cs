using ColdStandby.Hardware;

namespace ColdStandby.Smu.Tests.Harness;

/// <summary>An output line that tells its owner about every change (the SMU drives it).</summary>
public sealed class TestOutputLine : IOutputLine
{
    private bool _value;

    public TestOutputLine(string name) => Name = name;

    public string Name { get; }

    /// <summary>Called with the new level on every change.</summary>
    public Action<TestOutputLine, bool>? Changed { get; set; }

    public bool Value
    {
        get => _value;
        set
        {
            if (_value == value)
            {
                return;
            }

            _value = value;
            Changed?.Invoke(this, value);
        }
    }
}

/// <summary>An input line the test sets.</summary>
public sealed class TestInputLine : IInputLine
{
    public TestInputLine(string name) => Name = name;

    public string Name { get; }

    public bool Value { get; set; }
}
