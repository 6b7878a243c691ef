using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// An event-log entry's fields as a trace shows them: <c>Side</c>, and the argument typed by the
    /// code (an alarm bit, a mode, a refusal reason, a command; a fault's kind and detail; a fitness
    /// check's verdict and reason). A new code with a typed argument is a case here.
    /// </summary>
    public static class LogFields
    {
        /// <summary>The fields of an entry.</summary>
        /// <param name="record">The entry.</param>
        /// <returns>Side, then the argument's field(s).</returns>
        public static FieldValues Of(EventRecord record)
        {
            return Of(record.Code, record.Side, record.Argument);
        }

        /// <summary>The kind of a field of entries with <paramref name="code"/>.</summary>
        /// <param name="code">The event code.</param>
        /// <param name="field">The field's name.</param>
        /// <returns>The kind.</returns>
        /// <exception cref="System.FormatException">Entries with that code have no such field.</exception>
        public static ValueKind KindOf(EventCode code, string field)
        {
            FieldValues fields = Of(code, Side.None, 0);
            int at = fields.IndexOf(field);
            if (at < 0)
            {
                throw new System.FormatException("log " + Kinds.EventCode.Format((long)code) + " has no field '" + field + "' (" + fields.Names() + ")");
            }

            return fields.KindAt(at);
        }

        private static FieldValues Of(EventCode code, Side side, uint argument)
        {
            FieldValues fields = new FieldValues().Add("Side", Kinds.Side, (long)side);
            switch (code)
            {
                case EventCode.AlarmRaised:
                case EventCode.AlarmCleared:
                    fields.Add("Argument", Kinds.AlarmFlags, argument);
                    break;
                case EventCode.ModeChanged:
                case EventCode.SmuReset:
                    fields.Add("Argument", Kinds.Mode, argument);
                    break;
                case EventCode.SwitchAbandoned:
                    fields.Add("Argument", Kinds.RefusalReason, argument);
                    break;
                case EventCode.OperatorCommand:
                    fields.Add("Argument", Kinds.OperatorCommandKind, argument);
                    break;
                case EventCode.ServerFault:
                    fields.Add("Kind", Kinds.FaultKind, argument & 0xFF);
                    fields.Add("Detail", Kinds.U16, argument >> 16);
                    break;
                case EventCode.FitnessChecked:
                    fields.Add("Fit", Kinds.Bool, argument == 1 ? 1 : 0);
                    fields.Add("Reason", Kinds.UnfitReason, argument >> 8);
                    break;
                default:
                    fields.Add("Argument", Kinds.U32, argument);
                    break;
            }

            return fields;
        }
    }
}
