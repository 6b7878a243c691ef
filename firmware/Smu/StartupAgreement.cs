using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// How two SMUs agree on which side is Active. Each evaluates the same rule on its own state and
    /// the peer's latest heartbeat (received after its own last change), so both reach the same
    /// answer without a further exchange (both must name the same preferred side). It applies at
    /// start-up and whenever both sides are heard. Nobody becomes Active while the peer is Active,
    /// nobody takes the service from a peer whose server is still on, and a side that was Active
    /// but found no grant of its own at its start is only claiming: it is Active again only when
    /// the agreement says so. The table is in README.md ("Startup agreement").
    /// </summary>
    internal static class StartupAgreement
    {
        /// <summary>Decides for <paramref name="me"/> beside <paramref name="peer"/>.</summary>
        internal static AgreementOutcome Decide(AgreementView me, AgreementView peer, Side preferred)
        {
            if (me.Mode == Mode.Active)
            {
                if (peer.Mode != Mode.Active || Wins(me, peer, preferred))
                {
                    return AgreementOutcome.None;
                }

                // Two Actives: a fault state no rule of ours makes. The loser steps down if it can.
                if (me.ServerOn)
                {
                    return AgreementOutcome.Conflict;
                }

                return me.Settled || me.Phase == SequencePhase.AwaitingGrant ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
            }

            if (me.Mode == Mode.Failed)
            {
                return AgreementOutcome.None;
            }

            if (peer.Mode == Mode.Active)
            {
                return me.Claiming || me.Mode == Mode.Unknown ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
            }

            if (me.Claiming)
            {
                return DecideClaim(me, peer, preferred);
            }

            if (peer.Claiming)
            {
                // The claimant decides; a fresh side beside it is a Standby.
                return me.Mode == Mode.Unknown ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
            }

            // Nobody Active and nobody claiming. Equal epochs: both have seen the same last switch (a
            // side that is not Active adopts the peer's newer epoch), so neither acts on old news.
            if (!me.Settled || !peer.Settled || me.Epoch != peer.Epoch || !me.Candidate || peer.ServerOn)
            {
                return AgreementOutcome.None;
            }

            if (!peer.Candidate || Wins(me, peer, preferred))
            {
                return AgreementOutcome.BecomeActive;
            }

            return me.Mode == Mode.Unknown ? AgreementOutcome.BecomeStandby : AgreementOutcome.None;
        }

        /// <summary>
        /// A claim: against another claim the stronger wins; against a side that is neither Active
        /// nor claiming, the claim stands unless that side has seen a newer switch. Never while the
        /// peer's server is on.
        /// </summary>
        private static AgreementOutcome DecideClaim(AgreementView me, AgreementView peer, Side preferred)
        {
            if (peer.Claiming)
            {
                if (!Wins(me, peer, preferred))
                {
                    return AgreementOutcome.BecomeStandby;
                }

                return peer.ServerOn || me.ServerOn ? AgreementOutcome.None : AgreementOutcome.BecomeActive;
            }

            if (!peer.Settled || peer.ServerOn || me.ServerOn)
            {
                return AgreementOutcome.None;
            }

            return Epochs.IsNewer(peer.Epoch, me.Epoch) ? AgreementOutcome.BecomeStandby : AgreementOutcome.BecomeActive;
        }

        /// <summary>Of two sides in the same standing: the one the DM grants, then the newer epoch, then the preferred side.</summary>
        private static bool Wins(AgreementView me, AgreementView peer, Side preferred)
        {
            if (me.Granted != peer.Granted)
            {
                return me.Granted;
            }

            if (me.Epoch != peer.Epoch)
            {
                return Epochs.IsNewer(me.Epoch, peer.Epoch);
            }

            return me.Side == preferred;
        }
    }
}
