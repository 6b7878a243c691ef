using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Dm
{
    /// <summary>
    /// What the arbiter keeps per side: the side's connect request, its access latch (which drives
    /// both the enclosures' access-right line and the grant loop to that side's SMU), whether a fence
    /// bars it, and whether its waiting has been logged during the present holding.
    /// </summary>
    internal sealed class GrantSide
    {
        private readonly ConnectRequest _request;
        private readonly ILatch _access;
        private bool _fenced;
        private long _fencedAtMs;

        /// <summary>Builds side <paramref name="side"/>; its latch is left as the board holds it.</summary>
        internal GrantSide(Side side, IInputLine request, ILatch access)
        {
            Side = side;
            _request = new ConnectRequest(request);
            _access = access;
        }

        /// <summary>Gets which side this is.</summary>
        internal Side Side { get; }

        /// <summary>Gets the side's connect request.</summary>
        internal ConnectRequest Request
        {
            get { return _request; }
        }

        /// <summary>Gets whether the side's access latch is set, as read back from the board.</summary>
        internal bool Latched
        {
            get { return _access.Value; }
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
        internal long FenceLiftDueMs(int debounceMs)
        {
            if (!_fenced || _request.Asserted)
            {
                return long.MaxValue;
            }

            long released = _request.AbsentSinceMs + debounceMs;
            long afterFence = _fencedAtMs + debounceMs;
            return released > afterFence ? released : afterFence;
        }

        /// <summary>
        /// Brings the latch to <paramref name="granted"/> when the read-back differs (a set is a clock
        /// edge, so nothing is written while the latch already agrees).
        /// </summary>
        internal void Drive(bool granted)
        {
            if (_access.Value == granted)
            {
                return;
            }

            if (granted)
            {
                _access.Set();
            }
            else
            {
                _access.Clear();
            }
        }

        /// <summary>Bars the side from <paramref name="nowMs"/> on (also at a reset that found it fenced).</summary>
        internal void Fence(long nowMs)
        {
            _fenced = true;
            _fencedAtMs = nowMs;
        }

        /// <summary>
        /// Lifts the fence once the request has been absent for the debounce after the fence; returns
        /// true when it did. An absence from before the fence does not count: a server that had let
        /// go before it was fenced must still show it has let go.
        /// </summary>
        internal bool LiftFence(long nowMs, int debounceMs)
        {
            if (!_fenced || !_request.ReleasedFor(nowMs, debounceMs) || nowMs - _fencedAtMs < debounceMs)
            {
                return false;
            }

            _fenced = false;
            return true;
        }
    }
}
