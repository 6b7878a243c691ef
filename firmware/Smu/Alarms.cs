using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The raised alarms and the alarm relay. Every raise and clear is logged. All alarms but
    /// peer-silent are latched in the persisted state (they survive an SMU reboot and stay until an
    /// operator resets them); peer-silent follows the link and clears itself.
    /// </summary>
    internal sealed class Alarms
    {
        private readonly PersistedState _state;
        private readonly Journal _journal;
        private readonly Side _side;
        // Alarms that follow a condition the SMU sees now, so they are not persisted: after a reboot
        // the condition is looked at again. The others latch until an operator resets them.
        internal const AlarmFlags LiveAlarms = AlarmFlags.PeerSilent | AlarmFlags.OnBattery | AlarmFlags.NoService | AlarmFlags.BatteryLow;

        private AlarmFlags _live;

        /// <summary>Initializes a new instance of the <see cref="Alarms"/> class.</summary>
        internal Alarms(PersistedState state, Journal journal, Side side)
        {
            _state = state;
            _journal = journal;
            _side = side;
        }

        /// <summary>Gets every raised alarm.</summary>
        internal AlarmFlags Flags
        {
            get { return _state.LatchedAlarms | _live; }
        }

        /// <summary>Gets whether any alarm is raised (the relay's level).</summary>
        internal bool Any
        {
            get { return Flags != AlarmFlags.None; }
        }

        /// <summary>Raises one alarm (a single bit); logs it when it was not raised yet.</summary>
        internal void Raise(AlarmFlags alarm)
        {
            Raise(alarm, true);
        }

        /// <summary>
        /// Raises one alarm (a single bit); logs it when it was not raised yet and
        /// <paramref name="logged"/> (a flapping condition's changes are counted by its owner instead).
        /// A latched alarm's record goes to the log's kept ring: it outlives any flood.
        /// </summary>
        internal void Raise(AlarmFlags alarm, bool logged)
        {
            if ((Flags & alarm) != 0)
            {
                return;
            }

            if ((alarm & LiveAlarms) != 0)
            {
                _live |= alarm;
            }
            else
            {
                _state.LatchedAlarms |= alarm;
                _state.Save();
            }

            if (logged)
            {
                _journal.Write(EventCode.AlarmRaised, _side, (uint)alarm, (alarm & LiveAlarms) == 0);
            }
        }

        /// <summary>Clears one alarm (a single bit); logs it when it was raised.</summary>
        internal void Clear(AlarmFlags alarm)
        {
            Clear(alarm, true);
        }

        /// <summary>Clears one alarm (a single bit); logs it when it was raised and <paramref name="logged"/>.</summary>
        internal void Clear(AlarmFlags alarm, bool logged)
        {
            if ((Flags & alarm) == 0)
            {
                return;
            }

            if ((alarm & LiveAlarms) != 0)
            {
                _live &= ~alarm;
            }
            else
            {
                _state.LatchedAlarms &= ~alarm;
                _state.Save();
            }

            if (logged)
            {
                _journal.Write(EventCode.AlarmCleared, _side, (uint)alarm, (alarm & LiveAlarms) == 0);
            }
        }
    }
}
