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
            IOutputLine accessA,
            IOutputLine accessB,
            IOutputLine grantA,
            IOutputLine grantB,
            IByteChannel managementLink,
            IByteChannel controllerLink)
        {
            if (requestA == null || requestB == null || accessA == null || accessB == null
                || grantA == null || grantB == null || managementLink == null || controllerLink == null)
            {
                throw new ArgumentNullException();
            }

            RequestA = requestA;
            RequestB = requestB;
            AccessA = accessA;
            AccessB = accessB;
            GrantA = grantA;
            GrantB = grantB;
            ManagementLink = managementLink;
            ControllerLink = controllerLink;
        }

        /// <summary>Gets SMU A's storage connect request (its StorageRequest output).</summary>
        public IInputLine RequestA { get; }

        /// <summary>Gets SMU B's storage connect request.</summary>
        public IInputLine RequestB { get; }

        /// <summary>Gets the enclosures' access-right line for side A.</summary>
        public IOutputLine AccessA { get; }

        /// <summary>Gets the enclosures' access-right line for side B.</summary>
        public IOutputLine AccessB { get; }

        /// <summary>Gets the grant feedback to SMU A (its StorageGranted input).</summary>
        public IOutputLine GrantA { get; }

        /// <summary>Gets the grant feedback to SMU B.</summary>
        public IOutputLine GrantB { get; }

        /// <summary>Gets the link to management software: status, log read-out, time set, fence.</summary>
        public IByteChannel ManagementLink { get; }

        /// <summary>Gets the link on which disk controllers report errors.</summary>
        public IByteChannel ControllerLink { get; }
    }
}
