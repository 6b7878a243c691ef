using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// What an SMU keeps across power loss and its own reboots: mode, switch epoch, where it is in
    /// a switch sequence and for which fault, the latched alarms and the boot stages reached since
    /// the last power-on. One 16-byte <see cref="PersistentCell"/> (layout in README.md); a save
    /// writes only when a byte changed, so steady state writes nothing.
    /// </summary>
    internal sealed class PersistedState
    {
        /// <summary>The value length in the cell.</summary>
        internal const int Length = 16;

        /// <summary>The layout version stored in byte 0; a cell with another version opens as fresh.</summary>
        internal const byte Layout = 1;

        private readonly PersistentCell _cell;
        private readonly byte[] _image = new byte[Length];
        private readonly byte[] _saved = new byte[Length];

        /// <summary>Initializes a new instance of the <see cref="PersistedState"/> class on its region.</summary>
        internal PersistedState(INonVolatileRegion region)
        {
            _cell = new PersistentCell(region, Length);
        }

        /// <summary>Gets or sets the mode.</summary>
        internal Mode Mode { get; set; }

        /// <summary>Gets or sets the switch epoch.</summary>
        internal uint Epoch { get; set; }

        /// <summary>Gets or sets the phase of the switch sequence in progress.</summary>
        internal SequencePhase Phase { get; set; }

        /// <summary>Gets or sets the fault the sequence runs for (<see cref="FaultKind.PlannedSwitchover"/> for a planned one).</summary>
        internal FaultKind Fault { get; set; }

        /// <summary>Gets or sets the fault's detail (the boot stage, the service index).</summary>
        internal ushort FaultDetail { get; set; }

        /// <summary>Gets or sets the alarms that stay raised until reset (all but peer-silent).</summary>
        internal AlarmFlags LatchedAlarms { get; set; }

        /// <summary>Gets or sets the boot stages reached since the server's last power-on, one bit each.</summary>
        internal int StagesReached { get; set; }

        /// <summary>Gets or sets how many times in a row this SMU started without then running for the healthy-run time.</summary>
        internal int BootsWithoutHealthyRun { get; set; }

        /// <summary>Gets the region size the state needs.</summary>
        internal static int RegionSize
        {
            get { return PersistentCell.RegionSizeFor(Length); }
        }

        /// <summary>Reads the newest saved copy; returns false (leaving a fresh, Unknown state) when there is none.</summary>
        internal bool Load()
        {
            Mode = Mode.Unknown;
            Epoch = 0;
            Phase = SequencePhase.Idle;
            Fault = FaultKind.None;
            FaultDetail = 0;
            LatchedAlarms = AlarmFlags.None;
            StagesReached = 0;
            BootsWithoutHealthyRun = 0;
            if (!_cell.Load(_image, 0) || _image[0] != Layout || _image[1] > (byte)Mode.Failed
                || _image[6] > (byte)SequencePhase.AwaitingMains || _image[7] > (byte)FaultKind.PlannedSwitchover)
            {
                Encode(_saved);
                return false;
            }

            Mode = (Mode)_image[1];
            Epoch = LittleEndian.ReadUInt32(_image, 2);
            Phase = (SequencePhase)_image[6];
            Fault = (FaultKind)_image[7];
            FaultDetail = LittleEndian.ReadUInt16(_image, 8);
            LatchedAlarms = (AlarmFlags)(_image[10] & (int)AlarmFlags.All & ~(int)Alarms.LiveAlarms);
            StagesReached = _image[11];
            BootsWithoutHealthyRun = _image[12];
            Encode(_saved);
            return true;
        }

        /// <summary>Writes the state when it differs from the last copy written or read.</summary>
        internal void Save()
        {
            Encode(_image);
            bool same = true;
            for (int i = 0; i < Length; i++)
            {
                if (_image[i] != _saved[i])
                {
                    same = false;
                    break;
                }
            }

            if (same)
            {
                return;
            }

            _cell.Save(_image, 0);
            System.Array.Copy(_image, _saved, Length);
        }

        private void Encode(byte[] into)
        {
            into[0] = Layout;
            into[1] = (byte)Mode;
            LittleEndian.WriteUInt32(into, 2, Epoch);
            into[6] = (byte)Phase;
            into[7] = (byte)Fault;
            LittleEndian.WriteUInt16(into, 8, FaultDetail);
            into[10] = (byte)LatchedAlarms;
            into[11] = (byte)StagesReached;
            into[12] = (byte)(BootsWithoutHealthyRun > 255 ? 255 : BootsWithoutHealthyRun);
            into[13] = 0;
            into[14] = 0;
            into[15] = 0;
        }
    }
}
