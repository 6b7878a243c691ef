using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>What the plant models (DM, server, agent, peer SMU) can see and do in a scenario run.</summary>
public interface IWorld
{
    long Now { get; }

    Side Side { get; }

    Side PeerSide { get; }

    SmuConfig Config { get; }

    bool Input(string name);

    bool Output(string name);

    void SetInput(string name, bool value);

    /// <summary>Sends a message to the SMU on "host" or "peer".</summary>
    void Send(string link, Message message);

    void Schedule(long at, Action action);

    void Note(string text);
}

/// <summary>A plant model: acts each millisecond and reacts to what the SMU does.</summary>
public abstract class Model
{
    protected Model(IWorld world) => World = world;

    protected IWorld World { get; }

    public abstract void Set(string key, string value);

    /// <summary>A verb from <c>model NAME verb</c> (e.g. <c>hang</c>); key=value words go to <see cref="Set"/>.</summary>
    public virtual void Command(string verb) => throw new FormatException($"{GetType().Name} has no command '{verb}'");

    public virtual void Tick()
    {
    }

    public virtual void Observe(TraceEvent e)
    {
    }

    protected static long Ms(string value) => ScenarioParser.Time(value);

    protected static bool Flag(string value) => (bool)Fields.Parse(typeof(bool), value);

    protected static FormatException Unknown(string key) => new($"unknown model option '{key}'");
}
