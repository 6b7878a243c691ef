namespace ColdStandby.Hardware
{
    /// <summary>
    /// A latch the firmware sets and clears and reads back: a D flip-flop on the board whose output
    /// holds through the microcontroller's own reset or hang, and falls only when it is cleared,
    /// when the board loses power (a supervisor clears it at power-up) or when its cable is cut.
    /// The SMU's storage request and the DM's access-right lines are latches, so that a rebooting
    /// board never changes who holds the storage (schematics/README.md).
    /// </summary>
    public interface ILatch
    {
        /// <summary>Gets whether the latch's output is asserted, as read back from the board.</summary>
        bool Value { get; }

        /// <summary>Sets the latch (a clock edge). The hardware may refuse: read <see cref="Value"/> back.</summary>
        void Set();

        /// <summary>Clears the latch.</summary>
        void Clear();
    }
}
