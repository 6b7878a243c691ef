using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>Loggers that keep what the agent logged, for assertions and for a failing test's output.</summary>
public sealed class TestLog : ILoggerFactory, ILoggerProvider
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join("\n", Lines);

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private sealed class Logger : ILogger
    {
        private readonly TestLog _log;
        private readonly string _category;

        public Logger(TestLog log, string category)
        {
            _log = log;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _log.Add($"{DateTime.Now:HH:mm:ss.fff} {logLevel} {_category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
