using ColdStandby.Protocol;

namespace ColdStandby.Dm
{
    /// <summary>
    /// The hello rule of a link (Protocol README, "Versions"): answers <see cref="Hello"/> with the
    /// DM's own, refuses everything from a sender whose hello named another protocol version until a
    /// good hello arrives, and, where the link asks for it, refuses requests before any hello.
    /// </summary>
    internal sealed class HelloGate
    {
        private readonly FrameLink _link;
        private readonly bool _helloRequired;
        private bool _open;
        private bool _mismatch;

        /// <summary>Guards <paramref name="link"/>.</summary>
        internal HelloGate(FrameLink link, bool helloRequired)
        {
            _link = link;
            _helloRequired = helloRequired;
            link.Outgoing.Hello.Introduce(NodeKind.DiskManager, Side.None, DiskManager.FirmwareMajor, DiskManager.FirmwareMinor, DiskManager.FirmwarePatch);
        }

        /// <summary>
        /// Deals with the frame just delivered when it is a hello, a reply, or not admitted; returns
        /// true only for a request the caller must act on.
        /// </summary>
        internal bool Admit()
        {
            Message message = _link.Message;
            MessageType type = message.Type;
            if (type == MessageType.Hello)
            {
                Hello hello = (Hello)message;
                _mismatch = hello.ProtocolVersion != Frame.ProtocolVersion;
                _open = !_mismatch;
                if (_mismatch)
                {
                    _link.Refuse(RefusalReason.VersionMismatch, Frame.ProtocolVersion);
                }
                else
                {
                    _link.Send(_link.Outgoing.Hello);
                }

                return false;
            }

            // Replies are never answered: two nodes refusing each other's refusals would never stop.
            if (type == MessageType.Accepted || type == MessageType.Refusal)
            {
                return false;
            }

            if (_mismatch)
            {
                _link.Refuse(RefusalReason.VersionMismatch, Frame.ProtocolVersion);
                return false;
            }

            if (_helloRequired && !_open)
            {
                _link.Refuse(RefusalReason.NoSession, 0);
                return false;
            }

            return true;
        }
    }
}
