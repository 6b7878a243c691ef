using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// How two SMUs agree on which side is Active, from their persisted modes, epochs and the DM's
    /// grant. Each SMU evaluates the same rule on its own state and the peer's heartbeat, so both
    /// reach the same answer without a further exchange (both must name the same preferred side).
    /// It is applied at start-up and whenever both sides are heard; the table is in README.md.
    /// </summary>
    internal static class StartupAgreement
    {
        /// <summary>
        /// Decides for the SMU on <paramref name="me"/>. "Settled" means no sequence is under way
        /// (phase Idle or Abandoned); "contending" also admits a side waiting for its grant.
        /// </summary>
        internal static AgreementOutcome Decide(
            Side me,
            Side preferred,
            Mode myMode,
            uint myEpoch,
            bool mySettled,
            bool myContending,
            bool myServerOn,
            bool myGranted,
            Mode peerMode,
            uint peerEpoch,
            bool peerSettled,
            bool peerServerOn,
            bool peerGranted)
        {
            if (myMode == Mode.Active && peerMode == Mode.Active)
            {
                if (ActiveWins(me, preferred, myEpoch, myGranted, peerEpoch, peerGranted))
                {
                    return AgreementOutcome.None;
                }

                if (myServerOn)
                {
                    return AgreementOutcome.Conflict;
                }

                return myContending ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
            }

            if (myMode == Mode.Active || myMode == Mode.Failed)
            {
                return AgreementOutcome.None;
            }

            // This side is Standby or fresh (Unknown).
            if (peerMode == Mode.Active)
            {
                return myMode == Mode.Unknown ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
            }

            // Equal epochs: both have seen the same last switch (a side that is not Active adopts the
            // peer's higher epoch), so neither is acting on news the other has not had yet.
            if (!mySettled || !peerSettled || myEpoch != peerEpoch)
            {
                return AgreementOutcome.None;
            }

            // Nobody is Active: exactly one side that can take over does.
            bool meCandidate = !myServerOn;
            bool peerCandidate = (peerMode == Mode.Standby || peerMode == Mode.Unknown) && !peerServerOn;
            if (!meCandidate)
            {
                return AgreementOutcome.None;
            }

            bool iWin;
            if (!peerCandidate)
            {
                iWin = true;
            }
            else if (myGranted != peerGranted)
            {
                iWin = myGranted;
            }
            else
            {
                iWin = me == preferred;
            }

            if (iWin)
            {
                return AgreementOutcome.BecomeActive;
            }

            return myMode == Mode.Unknown ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
        }

        /// <summary>Of two Actives, the higher epoch wins, then the side the DM grants, then the preferred side.</summary>
        private static bool ActiveWins(Side me, Side preferred, uint myEpoch, bool myGranted, uint peerEpoch, bool peerGranted)
        {
            if (myEpoch != peerEpoch)
            {
                return myEpoch > peerEpoch;
            }

            if (myGranted != peerGranted)
            {
                return myGranted;
            }

            return me == preferred;
        }
    }
}
