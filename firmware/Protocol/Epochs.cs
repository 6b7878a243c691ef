namespace ColdStandby.Protocol
{
    /// <summary>
    /// Comparison of switch epochs in serial-number arithmetic (RFC 1982): an epoch is newer than
    /// another when it is ahead by less than half the number space, so the comparison keeps working
    /// across the wrap from 4294967295 to 0. Every attempt at a switch takes a fresh epoch; at one a
    /// second the wrap is 136 years away, but a board restored from an old backup, or a campaign run
    /// that starts near the wrap, must still compare right.
    /// </summary>
    public static class Epochs
    {
        /// <summary>Returns whether <paramref name="a"/> is newer than <paramref name="b"/>.</summary>
        public static bool IsNewer(uint a, uint b)
        {
            return a != b && (int)(a - b) > 0;
        }

        /// <summary>
        /// Returns the epoch after <paramref name="epoch"/>: one more, skipping 0 at the wrap, since 0
        /// means "no epoch" on the wire (a switch request or acknowledgement of epoch 0 is dropped as
        /// malformed) and in a fresh board's state.
        /// </summary>
        public static uint Next(uint epoch)
        {
            uint next = epoch + 1;
            return next == 0 ? 1 : next;
        }

        /// <summary>Returns the newer of two epochs.</summary>
        public static uint Newest(uint a, uint b)
        {
            return IsNewer(a, b) ? a : b;
        }
    }
}
