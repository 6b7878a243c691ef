using System.Reflection.Emit;

namespace ColdStandby.Firmware.Tests;

/// <summary>
/// What DESIGN.md says a nanoFramework 1.17 board cannot run even where it might compile: a referenced
/// package or a later mscorlib could supply these types, so the check names them one by one.
/// A name ending in <c>*</c> matches every type whose full name starts with the rest.
/// </summary>
public static class DenyList
{
    public sealed record Entry(string Name, string Why);

    public static readonly IReadOnlyList<Entry> Types =
    [
        new("System.Span`1", "Span<T> is generic; the 1.17 runtime only has the byte-only SpanByte"),
        new("System.ReadOnlySpan`1", "ReadOnlySpan<T> is generic; the 1.17 runtime only has the byte-only SpanByte"),
        new("System.Math", "floating-point maths, and not in 1.17's mscorlib; the firmware works in integers"),
        new("System.Text.StringBuilder", "not in 1.17's mscorlib, and allocates; build text into byte buffers"),
        new("System.Diagnostics.Stopwatch", "the logic never reads a clock: it is stepped with the time in milliseconds"),
        new("System.Collections.Hashtable", "not in 1.17's mscorlib; use arrays or ArrayList"),
        new("System.Collections.Queue", "not in 1.17's mscorlib; use a fixed ring buffer"),
        new("System.Collections.Stack", "not in 1.17's mscorlib; use an array"),
        new("System.Threading.Tasks.*", "async/await needs a Task scheduler the board does not have"),
        new("System.Runtime.CompilerServices.AsyncStateMachineAttribute", "marks an async method: no async/await on the board"),
        new("System.Runtime.CompilerServices.IteratorStateMachineAttribute", "marks a yield iterator: no yield on the board"),
        new("System.ValueTuple*", "tuples are generic structs: no generics on the board"),
        new("System.Linq.*", "LINQ is generic extension methods over IEnumerable<T>: no generics on the board"),
    ];

    /// <summary>stackalloc: the board's interpreter has no localloc.</summary>
    public static readonly OpCode StackAlloc = OpCodes.Localloc;

    public const string StackAllocWhy = "stackalloc: the nanoFramework interpreter has no localloc";

    /// <summary>The entry that forbids <paramref name="fullName"/>, or null when it is allowed.</summary>
    public static Entry? Match(string fullName) => Types.FirstOrDefault(entry => Matches(entry.Name, fullName));

    static bool Matches(string pattern, string fullName) =>
        pattern.EndsWith('*')
            ? fullName.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : fullName == pattern;
}
