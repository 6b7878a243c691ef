using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>What the plant models (DM, server, agent, peer SMU) can see and do in a scenario run.</summary>
    public interface IWorld
    {
        /// <summary>Gets the current millisecond.</summary>
        long Now { get; }

        /// <summary>Gets the SMU's side.</summary>
        Side Side { get; }

        /// <summary>Gets the other side.</summary>
        Side PeerSide { get; }

        /// <summary>Gets the SMU's configuration.</summary>
        SmuConfig Config { get; }

        /// <summary>The level of an SMU input (PowerGood, StorageGranted, RepairButton, ExternalPower, BatteryLow).</summary>
        /// <param name="name">The input's name.</param>
        /// <returns>Its level.</returns>
        bool Input(string name);

        /// <summary>The level of an SMU output (PowerButton, StorageRequest, Alarm).</summary>
        /// <param name="name">The output's name.</param>
        /// <returns>Its level.</returns>
        bool Output(string name);

        /// <summary>Sets an SMU input; a change is traced.</summary>
        /// <param name="name">The input's name.</param>
        /// <param name="value">The level.</param>
        void SetInput(string name, bool value);

        /// <summary>Sends a message to the SMU on "host" or "peer"; it is traced.</summary>
        /// <param name="link">host or peer.</param>
        /// <param name="message">The message.</param>
        void Send(string link, Message message);

        /// <summary>Runs an action at a time (after what is already due then).</summary>
        /// <param name="at">The millisecond.</param>
        /// <param name="action">The action.</param>
        void Schedule(long at, WorldAction action);

        /// <summary>Writes a note into the trace.</summary>
        /// <param name="text">The note.</param>
        void Note(string text);
    }

    /// <summary>Something scheduled in a scenario run.</summary>
    public abstract class WorldAction
    {
        /// <summary>Does it.</summary>
        public abstract void Run();
    }
}
