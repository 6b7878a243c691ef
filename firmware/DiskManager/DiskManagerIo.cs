using System;
using ColdStandby.Hardware;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The Disk Manager board's lines and links, as the board binding (or the bench) provides them.
    /// </summary>
    public sealed class DiskManagerIo
    {
        /// <summary>Initializes a new instance of the <see cref="DiskManagerIo"/> class; every argument is required.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public DiskManagerIo(
            IInputLine requestA,
            IInputLine requestB,
            ILatch accessA,
            ILatch accessB,
            IByteChannel managementLink,
            IByteChannel controllerLink)
        {
            if (requestA == null || requestB == null || accessA == null || accessB == null
                || managementLink == null || controllerLink == null)
            {
                throw new ArgumentNullException();
            }

            RequestA = requestA;
            RequestB = requestB;
            AccessA = accessA;
            AccessB = accessB;
            ManagementLink = managementLink;
            ControllerLink = controllerLink;
        }

        /// <summary>Gets SMU A's storage connect request (its StorageRequest output).</summary>
        public IInputLine RequestA { get; }

        /// <summary>Gets SMU B's storage connect request.</summary>
        public IInputLine RequestB { get; }

        /// <summary>
        /// Gets side A's access latch: its output drives the enclosures' access-right line for side A
        /// and the grant loop to SMU A (its StorageGranted input), and holds through the DM's own
        /// reset. On the board the two latches are interlocked: one cannot be set while the other is.
        /// </summary>
        public ILatch AccessA { get; }

        /// <summary>Gets side B's access latch (see <see cref="AccessA"/>).</summary>
        public ILatch AccessB { get; }

        /// <summary>Gets the link to management software: status, log read-out, time set, fence.</summary>
        public IByteChannel ManagementLink { get; }

        /// <summary>Gets the link on which disk controllers report errors.</summary>
        public IByteChannel ControllerLink { get; }
    }
}
