using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using ColdStandby.Hardware;
using ColdStandby.RecordStore;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// A canonical 128-bit fingerprint of the whole world at a moment, so that the explorer explores
/// a state reached by different paths once. It covers every field of every firmware object (both
/// SMUs, the DM), of both servers and their agents' sessions, every line and latch, every byte in
/// flight on every link with its arrival time, every board's state and reboot time, every part's
/// next wake-up, the actions the bench has scheduled (a cable to mend, a frame loss to end), the
/// persisted cells as a board would read them at its next power-up, each SMU's Li-ion cell (on
/// it or not, flat, how much is used), and the safety monitor's clocks. Walked by reflection, so a field added to the firmware is covered without anyone
/// remembering to add it here.
/// <para>
/// Canonical: a time (a field whose name ends in <c>Ms</c> or <c>Since</c>; on the links, in nanoseconds) is taken relative to
/// its owner's clock (a firmware's milliseconds since its boot, the system's for the rest), and a
/// time further back than <see cref="HorizonMs"/> — longer than any configured duration — is
/// clamped to it: a comparison <c>now − t ≥ X</c> with X a configured duration gives the same
/// answer either way. The DM's step counter and times counted in its steps are taken relative to
/// it (clamped to a few steps back). Object identities become the order the walk first met them.
/// </para>
/// <para>
/// Left out, because nothing decides on them (each only counts, reports or logs): the event logs
/// and their readers (written, never read back by a decision), link counters, frame-sequence
/// numbers and the last frame's CRC (they differ by how many frames were ever sent; a receiver
/// compares a sequence only with the reply to its own request, which is in flight or pending and
/// hashed as bytes), configuration (the same in every path), the agents' kick counter and
/// statistics (boots, kicks sent, opens), the bench's own frame hashes for property 5, and
/// delegates (the operator's pending callbacks are covered by the request they wait on).
/// </para>
/// </summary>
public sealed class WorldFingerprint
{
    private static readonly HashSet<string> SkippedNames = new()
    {
        // Counts and statistics nothing decides on.
        "_nextSequence", "_lastSequence", "<LastSequence>k__BackingField", "<Sequence>k__BackingField", "_kickCounter",
        "<Boots>k__BackingField", "<KicksSent>k__BackingField", "<Opens>k__BackingField", "<CheckpointRepeats>k__BackingField",
        "<Resets>k__BackingField", "<Steps>k__BackingField", "<LineChanges>k__BackingField", "<Changes>k__BackingField",
        "_generation", "_newest", "<LogTap>k__BackingField", "<Name>k__BackingField", "<Order>k__BackingField",
        "_step", "_nowMs", "_startMs", "_wallOffsetMs", "_clockToSet", "_clockSetAtMs",
    };

    private static readonly ConditionalWeakTable<Type, FieldInfo[]> Fields = new();

    /// <summary>A time that is off (a deadline not set): no relative time takes this value.</summary>
    private const long Never = long.MaxValue;

    /// <summary>A time before anything (<see cref="long.MinValue"/> / 2): no clamped time takes this value.</summary>
    private const long LongBefore = long.MinValue;

    /// <summary>The monitor's "no outage".</summary>
    private const long NoTime = long.MinValue + 1;

    private const long NullTag = 0x6E756C6C;
    private const long SeenTag = 0x5EE4;
    private const long DelegateTag = 0xDE1E;

    private readonly Dictionary<object, int> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly StandbySystem _system;
    private ulong _h1 = 14695981039346656037UL;
    private ulong _h2 = 0x9E3779B97F4A7C15UL;
    private long _clockMs;
    private long _stepBase;

    private WorldFingerprint(StandbySystem system, long horizonMs)
    {
        _system = system;
        HorizonMs = horizonMs;
    }

    /// <summary>Gets how far back a time is told apart (longer than any configured duration).</summary>
    public long HorizonMs { get; }

    /// <summary>How far back the longest configured duration of <paramref name="options"/> reaches (every time further back is the same).</summary>
    public static long HorizonFor(SystemOptions options)
    {
        long longest = options.Smu.MaintenanceMaxSeconds * 1000L;
        foreach (var config in new object[] { options.Smu, options.Dm, options.ServerA, options.ServerB, options.ServerA.Agent, options.ServerB.Agent })
        {
            foreach (var property in config.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.PropertyType == typeof(long) && property.Name.EndsWith("Ms", StringComparison.Ordinal) && property.GetIndexParameters().Length == 0)
                {
                    longest = Math.Max(longest, (long)property.GetValue(config)!);
                }
            }
        }

        foreach (var stage in options.Smu.BootStages)
        {
            longest = Math.Max(longest, stage.DeadlineMs);
        }

        return longest + 1;
    }

    /// <summary>Takes the fingerprint of <paramref name="system"/> now.</summary>
    public static UInt128 Of(StandbySystem system, long horizonMs)
    {
        var print = new WorldFingerprint(system, horizonMs);
        print.World();
        return new UInt128(print._h1, print._h2);
    }

    private void World()
    {
        var s = _system;
        long now = s.NowMs;
        _clockMs = now;

        // What the bench will do (a cable to mend, a frame loss to end, a button to release).
        foreach (var (ms, what) in s.Pending())
        {
            Time(ms);
            Text(what);
        }

        foreach (var board in new BoardNode[] { s.Dm, s.SmuA, s.SmuB })
        {
            _clockMs = now;
            Add((int)board.State);
            Time(board.RestartAtMs);
            Time(board.BootedAtMs);
            Time(board.RunningSinceMs);
            Part(board);
            Persisted(board);
            if (board is SmuNode withCell)
            {
                Cell(withCell.Cell);
            }

            object? firmware = board is SmuNode smu ? smu.Firmware : ((DiskManagerNode)board).Firmware;
            if (firmware != null)
            {
                _clockMs = now - board.BootedAtMs;
                _stepBase = firmware is Dm.DiskManager dm ? (long)typeof(Dm.DiskManager).GetField("_step", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(dm)! : 0;
                Walk(firmware);
            }
        }

        _clockMs = now;
        foreach (var server in new[] { s.ServerA, s.ServerB })
        {
            Part(server);
            Walk(server);
        }

        foreach (var line in s.Lines)
        {
            Walk(line);
        }

        foreach (var link in s.Links)
        {
            Walk(link);
        }

        Monitor(s.Monitor);
    }

    private void Part(Part part)
    {
        Time(part.WakeMs);
        Time(part.LastStepMs);
    }

    /// <summary>
    /// An SMU's Li-ion cell: on it or on the 5 V, run flat, and how much of it is used now (from which
    /// its pending low-battery, reset or charged time follows; the counter that tells its stale
    /// scheduled actions from the current one is left out, those actions being hashed with the rest).
    /// </summary>
    private void Cell(SmuCell cell)
    {
        Add(cell.OnCell ? 1 : 0);
        Add(cell.Flat ? 1 : 0);
        Add(cell.UsedNowMs);
    }

    /// <summary>The persisted cell as the board's next power-up would read it (the running firmware's copy is walked with it).</summary>
    private void Persisted(BoardNode board)
    {
        // The DM's grant memory is one cell of 8 bytes at the start of its region (GrantMemory.Length).
        int length = board is SmuNode ? Smu.PersistedState.Length : 8;
        INonVolatileRegion region = board is SmuNode smu ? smu.Region : ((DiskManagerNode)board).Region;
        var cell = new PersistentCell(new RegionLayout(region).Take(PersistentCell.RegionSizeFor(length)), length);
        var value = new byte[length];
        Add(cell.Load(value, 0) ? 1 : 0);
        Bytes(value);
    }

    private void Monitor(SafetyMonitor monitor)
    {
        var (servedAt, alarmedAt, outageSince, behindStuckWire) = monitor.Clocks();
        Time(servedAt);
        Time(alarmedAt);
        foreach (long since in outageSince)
        {
            if (since < 0)
            {
                // No outage: a value no time takes (an outage that began 1 ms ago is -1).
                Add(NoTime);
            }
            else
            {
                Time(since);
            }
        }

        foreach (bool hidden in behindStuckWire)
        {
            Add(hidden ? 1 : 0);
        }
    }

    private void Walk(object? value)
    {
        // Each reference begins with a tag (null, met before and which, or new and of which type), so
        // the stream parses one way only, as every list, array, string and byte run starts with its length.
        if (value == null)
        {
            Add(NullTag);
            return;
        }

        if (_seen.TryGetValue(value, out int index))
        {
            Add(SeenTag);
            Add(index);
            return;
        }

        _seen[value] = _seen.Count;
        Add(value.GetType().TypeHandle.Value.ToInt64());
        switch (value)
        {
            case string text:
                Text(text);
                return;
            case byte[] bytes:
                Bytes(bytes);
                return;
            case Part part:
                // Another part: its own state is walked from the world's list.
                Add(1000 + part.Order);
                return;
            case SignalLine line:
                Add(line.Value ? 1 : 0);
                Add(line.StuckAt is { } stuck ? (stuck ? 3 : 2) : 0);
                return;
            case SignalLatch latch:
                Add(latch.Value ? 1 : 0);
                Add(latch.Powered ? 1 : 0);
                Add(latch.Frozen ? 1 : 0);
                return;
            case UartLink link:
                Link(link);
                return;
            case IDictionary or ISet<object>:
                throw new InvalidOperationException($"the fingerprint cannot walk a {value.GetType().Name} in order");
            case ICollection items when value.GetType().Namespace == "System.Collections.Generic":
                // Lists and queues in their order (their arrays hold stale items past the count).
                Add(items.Count);
                foreach (var item in items)
                {
                    Field(item?.GetType() ?? typeof(object), "", item);
                }

                return;
            case IEnumerable when value.GetType().Namespace == "System.Collections.Generic":
                throw new InvalidOperationException($"the fingerprint cannot walk a {value.GetType().Name}: not a list or a queue");
            case Array array:
                Add(array.Length);
                var element = array.GetType().GetElementType()!;
                foreach (var item in array)
                {
                    Field(element, "", item);
                }

                return;
        }

        foreach (var field in FieldsOf(value.GetType()))
        {
            Field(field.FieldType, field.Name, field.GetValue(value));
        }
    }

    private void Field(Type type, string name, object? value)
    {
        switch (value)
        {
            case null:
                Add(NullTag);
                return;
            case long number when IsTime(name):
                Time(number);
                return;
            case long number when name.EndsWith("Step", StringComparison.Ordinal):
                Add(Math.Max(number - _stepBase, -4));
                return;
            case long[] numbers when IsTime(name):
                foreach (long number in numbers)
                {
                    Time(number);
                }

                return;
            case long number:
                Add(number);
                return;
            case int or uint or short or ushort or byte or sbyte or char or bool or Enum:
                Add(Convert.ToInt64(value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType())) : value));
                return;
            case ulong number:
                Add((long)number);
                return;
            case Delegate:
                Add(DelegateTag);
                return;
        }

        if (value.GetType().IsValueType && !value.GetType().IsPrimitive)
        {
            // A struct (a tuple, a nullable's value): its fields in place.
            foreach (var field in FieldsOf(value.GetType()))
            {
                Field(field.FieldType, name + "." + field.Name, field.GetValue(value));
            }

            return;
        }

        Walk(value);
    }

    private static bool IsTime(string name)
    {
        string bare = name.EndsWith(">k__BackingField", StringComparison.Ordinal) ? name[1..name.IndexOf('>')] : name;
        return bare.EndsWith("Ms", StringComparison.Ordinal) || bare.EndsWith("Since", StringComparison.Ordinal);
    }

    /// <summary>A link: cut or losing, whether its receiver listens, the bytes on their way with their arrival times, and the frames kept for a replay.</summary>
    private void Link(UartLink link)
    {
        Add(link.Cut ? 1 : 0);
        Add(link.Losing ? 1 : 0);
        Add(link.Listening ? 1 : 0);
        long nowNs = _system.NowNs;
        Add(Math.Max(link.LineFreeNs - nowNs, 0));
        Add(link.BytesInFlight);
        foreach (var (value, arrivalNs) in link.InFlight())
        {
            Add(value);
            Add(arrivalNs - nowNs);
        }

        // What a replay fault would put on it: the newest frame of each kind its sender sent.
        if (link.Kept is { } kept)
        {
            foreach (var type in ExploreFault.Replayed)
            {
                Bytes(kept.Newest(type));
            }

            Bytes(kept.EarlierHeartbeat);
            Bytes(kept.RequestHeartbeat);
        }
    }

    private static FieldInfo[] FieldsOf(Type type) => Fields.GetValue(type, t =>
    {
        var chain = new List<Type>();
        for (var at = t; at != null && at != typeof(object); at = at.BaseType)
        {
            chain.Insert(0, at);
        }

        return chain.SelectMany(at => at.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .OrderBy(f => f.MetadataToken))
            .Where(f => !Skipped(f))
            .ToArray();
    });

    private static bool Skipped(FieldInfo field)
    {
        var type = field.FieldType;
        string typeName = type.Name;
        return SkippedNames.Contains(field.Name)
            || typeof(Delegate).IsAssignableFrom(type)
            || type == typeof(StandbySystem) || type == typeof(Random) || type == typeof(SafetyMonitor)
            || type == typeof(EventLog) || type == typeof(Journal) || type == typeof(LogReadOut) || type == typeof(EventRecord)
            || typeof(INonVolatileRegion).IsAssignableFrom(type)
            || typeName.EndsWith("Config", StringComparison.Ordinal) || typeName.EndsWith("Options", StringComparison.Ordinal)
            || typeName.EndsWith("Timings", StringComparison.Ordinal) || typeName.EndsWith("Counters", StringComparison.Ordinal)
            || typeName.EndsWith("Trace", StringComparison.Ordinal) || typeName == "BootStage[]";
    }

    /// <summary>
    /// A time relative to the owner's clock, clamped to <see cref="HorizonMs"/> back: one value in
    /// [−<see cref="HorizonMs"/>, <see cref="long.MaxValue"/> / 4). A sentinel far outside it (a
    /// deadline that is off, <see cref="long.MaxValue"/>; "long before anything",
    /// <see cref="long.MinValue"/> / 2) is one value of its own that no time takes.
    /// </summary>
    private void Time(long ms)
    {
        if (ms >= long.MaxValue / 4)
        {
            Add(Never);
            return;
        }

        if (ms <= long.MinValue / 4)
        {
            Add(LongBefore);
            return;
        }

        Add(Math.Max(ms - _clockMs, -HorizonMs));
    }

    private void Text(string text)
    {
        Add(text.Length);
        foreach (char c in text)
        {
            Add(c);
        }
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        Add(bytes.Length);
        foreach (byte b in bytes)
        {
            Add(b);
        }
    }

    private void Add(long value)
    {
        _h1 = (_h1 ^ (ulong)value) * 1099511628211UL;
        _h2 = ((_h2 ^ (ulong)value) * 0xC2B2AE3D27D4EB4FUL) + 0x165667B19E3779F9UL;
        _h2 ^= _h2 >> 29;
    }
}
