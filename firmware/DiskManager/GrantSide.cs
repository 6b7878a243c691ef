using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Dm
{
    /// <summary>
    /// What the arbiter keeps per side: the side's connect request, its two grant outputs, whether a
    /// fence bars it, and whether its waiting has been logged during the present holding.
    /// </summary>
    internal sealed class GrantSide
    {
        private readonly ConnectRequest _request;
        private readonly GrantLines _lines;
        private bool _fenced;
        private long _fencedAtMs;

        /// <summary>Builds side <paramref name="side"/>; its outputs are driven off.</summary>
        internal GrantSide(Side side, IInputLine request, IOutputLine access, IOutputLine grant)
        {
            Side = side;
            _request = new ConnectRequest(request);
            _lines = new GrantLines(access, grant);
        }

        /// <summary>Gets which side this is.</summary>
        internal Side Side { get; }

        /// <summary>Gets the side's connect request.</summary>
        internal ConnectRequest Request
        {
            get { return _request; }
        }

        /// <summary>Gets whether a fence bars the side from the grant.</summary>
        internal bool Fenced
        {
            get { return _fenced; }
        }

        /// <summary>Gets or sets whether the side's waiting was logged during the present holding.</summary>
        internal bool WaitLogged { get; set; }

        /// <summary>Gets whether the side may be granted now: it requests and no fence bars it.</summary>
        internal bool Eligible
        {
            get { return !_fenced && _request.Asserted; }
        }

        /// <summary>Gets when the fence could lift if the request stays absent; <see cref="long.MaxValue"/> when not fenced or requesting.</summary>
        internal long FenceLiftDueMs(int holdOffMs)
        {
            if (!_fenced || _request.Asserted)
            {
                return long.MaxValue;
            }

            long released = _request.AbsentSinceMs + holdOffMs;
            long afterFence = _fencedAtMs + holdOffMs;
            return released > afterFence ? released : afterFence;
        }

        /// <summary>Drives the side's access and grant lines.</summary>
        internal void Drive(bool granted)
        {
            _lines.Drive(granted);
        }

        /// <summary>Bars the side from <paramref name="nowMs"/> on (also at a reset that found it fenced).</summary>
        internal void Fence(long nowMs)
        {
            _fenced = true;
            _fencedAtMs = nowMs;
        }

        /// <summary>
        /// Lifts the fence once the request has been absent for the hold-off after the fence; returns
        /// true when it did. An absence from before the fence does not count: a server that had let
        /// go before it was fenced must still show it has let go.
        /// </summary>
        internal bool LiftFence(long nowMs, int holdOffMs)
        {
            if (!_fenced || !_request.ReleasedFor(nowMs, holdOffMs) || nowMs - _fencedAtMs < holdOffMs)
            {
                return false;
            }

            _fenced = false;
            return true;
        }
    }
}
