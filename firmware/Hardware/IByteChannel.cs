namespace ColdStandby.Hardware
{
    /// <summary>
    /// One side of a serial link (UART or USB serial). Never blocks: the firmware polls it each step.
    /// </summary>
    public interface IByteChannel
    {
        /// <summary>
        /// Copies up to <paramref name="count"/> received bytes into <paramref name="buffer"/> and
        /// returns how many were copied; 0 when nothing has arrived.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// Queues <paramref name="count"/> bytes for transmission and returns how many were accepted;
        /// fewer than asked when the transmit buffer is full (the caller drops or retries the frame).
        /// </summary>
        int Write(byte[] buffer, int offset, int count);
    }
}
