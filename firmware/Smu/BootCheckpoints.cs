namespace ColdStandby.Smu
{
    /// <summary>
    /// The boot checkpoint timers (DESIGN.md §1): each configured stage must be reached within
    /// its deadline of its reference, power-on or an earlier stage. A stage whose reference has
    /// not happened yet has no deadline running: the earlier stage's own deadline covers it.
    /// </summary>
    internal sealed class BootCheckpoints
    {
        private const long NotYet = long.MaxValue;

        private readonly BootStage[] _stages;
        private readonly long[] _deadlineAtMs;
        private readonly int _all;
        private int _reached;
        private bool _running;

        /// <summary>Initializes a new instance of the <see cref="BootCheckpoints"/> class.</summary>
        internal BootCheckpoints(BootStage[] stages)
        {
            _stages = stages;
            _deadlineAtMs = new long[stages.Length];
            _all = (1 << stages.Length) - 1;
        }

        /// <summary>Gets the stages reached since power-on, one bit each.</summary>
        internal int Reached
        {
            get { return _reached; }
        }

        /// <summary>Gets how many stages there are.</summary>
        internal int Count
        {
            get { return _stages.Length; }
        }

        /// <summary>Gets whether every stage has been reached.</summary>
        internal bool AllReached
        {
            get { return _reached == _all; }
        }

        /// <summary>Gets whether the timers are running.</summary>
        internal bool Running
        {
            get { return _running; }
        }

        /// <summary>Gets the earliest deadline of a stage not reached yet; <see cref="long.MaxValue"/> when none runs.</summary>
        internal long DueMs
        {
            get
            {
                long due = long.MaxValue;
                if (!_running)
                {
                    return due;
                }

                for (int i = 0; i < _stages.Length; i++)
                {
                    if (!IsReached(i) && _deadlineAtMs[i] < due)
                    {
                        due = _deadlineAtMs[i];
                    }
                }

                return due;
            }
        }

        /// <summary>Gets whether a stage has been reached.</summary>
        internal bool IsReached(int stage)
        {
            return (_reached & (1 << stage)) != 0;
        }

        /// <summary>Starts every timer at power-on.</summary>
        internal void Start(long nowMs)
        {
            Resume(nowMs, 0);
        }

        /// <summary>
        /// Runs the timers again after an SMU reboot, with the stages reached before it: the stages
        /// still due are timed from now, since when their reference happened was lost.
        /// </summary>
        internal void Resume(long nowMs, int reached)
        {
            _reached = reached & _all;
            _running = true;
            for (int i = 0; i < _stages.Length; i++)
            {
                int after = _stages[i].After;
                bool referenced = after == BootStage.FromPowerOn || IsReached(after);
                _deadlineAtMs[i] = referenced ? nowMs + _stages[i].DeadlineMs : NotYet;
            }
        }

        /// <summary>Moves every deadline still to come later by <paramref name="ms"/> (the SMU itself stood still that long).</summary>
        internal void Postpone(long ms)
        {
            for (int i = 0; i < _stages.Length; i++)
            {
                if (_deadlineAtMs[i] != NotYet)
                {
                    _deadlineAtMs[i] += ms;
                }
            }
        }

        /// <summary>Stops every timer (the server is going down).</summary>
        internal void Stop()
        {
            _running = false;
        }

        /// <summary>Marks a stage reached and starts the timers counted from it; true when it was not reached yet.</summary>
        internal bool Reach(int stage, long nowMs)
        {
            if (stage < 0 || stage >= _stages.Length || IsReached(stage))
            {
                return false;
            }

            _reached |= 1 << stage;
            for (int i = 0; i < _stages.Length; i++)
            {
                if (_stages[i].After == stage)
                {
                    _deadlineAtMs[i] = nowMs + _stages[i].DeadlineMs;
                }
            }

            return true;
        }

        /// <summary>Returns the first stage past its deadline and not reached, or -1.</summary>
        internal int Missed(long nowMs)
        {
            if (!_running)
            {
                return -1;
            }

            for (int i = 0; i < _stages.Length; i++)
            {
                if (!IsReached(i) && nowMs >= _deadlineAtMs[i])
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
