using ColdStandby.Hardware;

namespace ColdStandby.Dm
{
    /// <summary>
    /// One side's two grant outputs: the enclosures' access-right line and the feedback to that
    /// side's SMU. They always change together, access first either way, so the SMU never believes
    /// in access the enclosures have not given, nor sees its release confirmed while access remains.
    /// </summary>
    internal sealed class GrantLines
    {
        private readonly IOutputLine _access;
        private readonly IOutputLine _grant;

        /// <summary>Takes the side's lines and drives both de-asserted, as after a board reset.</summary>
        internal GrantLines(IOutputLine access, IOutputLine grant)
        {
            _access = access;
            _grant = grant;
            Drive(false);
        }

        /// <summary>Drives both lines; the access line changes first either way.</summary>
        internal void Drive(bool granted)
        {
            _access.Value = granted;
            _grant.Value = granted;
        }
    }
}
