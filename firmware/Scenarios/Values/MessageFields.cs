using System;
using ColdStandby.Protocol;

namespace ColdStandby.Scenarios.Values
{
    /// <summary>
    /// Every message's fields by name, in payload order, read and written through the payload bytes
    /// (nanoFramework has no property reflection). The layouts are the field tables of
    /// firmware/Protocol/README.md; <c>MessageFieldsTests</c> holds them to the message classes.
    /// </summary>
    public static class MessageFields
    {
        // Type, then each field as Name:kind, in payload order (offsets follow from the sizes).
        private static readonly string[] Layouts =
        {
            "Hello ProtocolVersion:u8 Node:NodeKind Side:Side FirmwareMajor:u8 FirmwareMinor:u8 FirmwarePatch:u8",
            "Refusal RefusedType:MessageType RefusedSequence:u16 Reason:RefusalReason Detail:u8",
            "Accepted AcceptedType:MessageType AcceptedSequence:u16",
            "TimeSet UnixMilliseconds:i64 StepBack:bool",
            "StatusRequest",
            "LogReadRequest FromSequence:u32 MaxCount:u16",
            "LogRecord Sequence:u32 TimeMilliseconds:i64 Code:EventCode Side:Side Argument:u32",
            "LogReadEnd FirstSequence:u32 NextSequence:u32 Count:u16",
            "Heartbeat Side:Side Mode:Mode Health:HealthFlags Alarms:AlarmFlags Epoch:u32 Phase:SequencePhase",
            "FitnessQuery Epoch:u32",
            "FitnessReply Epoch:u32 Fit:bool Reason:UnfitReason",
            "SwitchRequest Epoch:u32 Kind:SwitchKind From:Side",
            "SwitchAck Epoch:u32",
            "OperatorCommand Command:OperatorCommandKind Target:Side Epoch:u32",
            "Kick Counter:u32",
            "CheckpointReached Stage:u8",
            "ControllerHealth Raid:ControllerState Lan:ControllerState RaidFailures:u8 LanFailures:u8",
            "FaultReport Kind:FaultKind Detail:u16",
            "ShutdownRequest Reason:FaultKind DeadlineSeconds:u16",
            "ShutdownStarted",
            "ShutdownDone",
            "SmuStatus Side:Side Mode:Mode Phase:SequencePhase Health:HealthFlags Alarms:AlarmFlags Epoch:u32 PeerMode:Mode PeerHealth:HealthFlags PeerHeard:bool PeerAlarms:AlarmFlags PeerPhase:SequencePhase PeerEpoch:u32 MaintenanceSeconds:u16",
            "MaintenanceHold Seconds:u16",
            "StorageStatus Holder:Side Requests:u8 Epoch:u32 Settling:bool FenceEnabled:bool FirstSequence:u32 NextSequence:u32 Fenced:u8",
            "Fence Side:Side Epoch:u32",
            "DiskErrorReport Side:Side Controller:u8 Enclosure:u8 Disk:u8 ErrorCode:u16",
        };

        private static readonly MessageLayout[] ByType = new MessageLayout[256];

        /// <summary>Gets how many message types have a layout.</summary>
        public static int TypeCount
        {
            get { return Layouts.Length; }
        }

        /// <summary>The message type named <paramref name="name"/>.</summary>
        /// <param name="name">e.g. <c>Heartbeat</c>.</param>
        /// <returns>The type.</returns>
        /// <exception cref="FormatException">No such message type.</exception>
        public static MessageType TypeNamed(string name)
        {
            for (int i = 0; i < Kinds.MessageType.MemberCount; i++)
            {
                if (Kinds.MessageType.MemberName(i) == name)
                {
                    return (MessageType)(byte)Kinds.MessageType.MemberValue(i);
                }
            }

            throw new FormatException("no message type '" + name + "'");
        }

        /// <summary>A message type's name.</summary>
        /// <param name="type">The type.</param>
        /// <returns>Its name (the number when undefined).</returns>
        public static string NameOf(MessageType type)
        {
            return Kinds.MessageType.Format((byte)type);
        }

        /// <summary>The field names of a message type, in payload order.</summary>
        /// <param name="type">The type.</param>
        /// <returns>The names (none for a message without payload).</returns>
        public static string[] Names(MessageType type)
        {
            MessageLayout layout = Layout(type);
            string[] names = new string[layout.Names.Length];
            Array.Copy(layout.Names, names, names.Length);
            return names;
        }

        /// <summary>The kind of a message's field.</summary>
        /// <param name="type">The message type.</param>
        /// <param name="field">The field's name.</param>
        /// <returns>The kind.</returns>
        /// <exception cref="FormatException">The message has no such field.</exception>
        public static ValueKind KindOf(MessageType type, string field)
        {
            MessageLayout layout = Layout(type);
            return layout.Kinds[layout.IndexOf(field)];
        }

        /// <summary>Reads every field of a message.</summary>
        /// <param name="message">The message.</param>
        /// <returns>The fields, in payload order.</returns>
        public static FieldValues Read(Message message)
        {
            MessageLayout layout = Layout(message.Type);
            byte[] payload = new byte[Frame.MaxPayloadLength];
            message.WritePayload(payload, 0);
            FieldValues fields = new FieldValues();
            for (int i = 0; i < layout.Names.Length; i++)
            {
                ValueKind kind = layout.Kinds[i];
                long value = 0;
                for (int b = kind.Size - 1; b >= 0; b--)
                {
                    value = (value << 8) | payload[layout.Offsets[i] + b];
                }

                fields.Add(layout.Names[i], kind, value);
            }

            return fields;
        }

        /// <summary>Sets fields of a message from <c>Name=value</c> pairs; the others keep their values.</summary>
        /// <param name="message">The message.</param>
        /// <param name="pairs">The fields to set.</param>
        /// <exception cref="FormatException">No such field, a value that is not of the field's kind, or a combination the message refuses.</exception>
        public static void Set(Message message, Pair[] pairs)
        {
            MessageLayout layout = Layout(message.Type);
            byte[] payload = new byte[Frame.MaxPayloadLength];
            message.WritePayload(payload, 0);
            for (int p = 0; p < pairs.Length; p++)
            {
                int field = layout.IndexOf(pairs[p].Key);
                ValueKind kind = layout.Kinds[field];
                long value = kind.Parse(pairs[p].Value);
                for (int b = 0; b < kind.Size; b++)
                {
                    payload[layout.Offsets[field] + b] = (byte)(value >> (8 * b));
                }
            }

            if (!message.ReadPayload(payload, 0))
            {
                throw new FormatException(NameOf(message.Type) + ": a field value the protocol does not allow");
            }
        }

        /// <summary>A message as <c>Type Field=value …</c>.</summary>
        /// <param name="message">The message.</param>
        /// <returns>The text.</returns>
        public static string Describe(Message message)
        {
            string fields = Read(message).ToString();
            return fields.Length == 0 ? NameOf(message.Type) : NameOf(message.Type) + " " + fields;
        }

        private static MessageLayout Layout(MessageType type)
        {
            MessageLayout layout = ByType[(byte)type];
            if (layout != null)
            {
                return layout;
            }

            string name = NameOf(type);
            for (int i = 0; i < Layouts.Length; i++)
            {
                string[] words = Words.Split(Layouts[i]);
                if (words[0] == name)
                {
                    layout = new MessageLayout(words);
                    ByType[(byte)type] = layout;
                    return layout;
                }
            }

            throw new FormatException("no field layout for message type " + name);
        }

        private sealed class MessageLayout
        {
            public MessageLayout(string[] words)
            {
                Type = words[0];
                Names = new string[words.Length - 1];
                Kinds = new ValueKind[words.Length - 1];
                Offsets = new int[words.Length - 1];
                int offset = 0;
                for (int i = 1; i < words.Length; i++)
                {
                    int colon = words[i].IndexOf(':');
                    Names[i - 1] = words[i].Substring(0, colon);
                    Kinds[i - 1] = Values.Kinds.Named(words[i].Substring(colon + 1));
                    Offsets[i - 1] = offset;
                    offset += Kinds[i - 1].Size;
                }
            }

            public string Type { get; }

            public string[] Names { get; }

            public ValueKind[] Kinds { get; }

            public int[] Offsets { get; }

            public int IndexOf(string field)
            {
                for (int i = 0; i < Names.Length; i++)
                {
                    if (Names[i] == field)
                    {
                        return i;
                    }
                }

                throw new FormatException(Type + " has no field '" + field + "'");
            }
        }
    }
}
