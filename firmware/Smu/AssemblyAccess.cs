using System.Runtime.CompilerServices;

// The scenario tests drive the small parts directly as well as the whole unit.
[assembly: InternalsVisibleTo("Smu.Tests")]
