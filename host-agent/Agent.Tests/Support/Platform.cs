// The agent's tests use real Linux parts (pseudo-terminals, network namespaces, tmpfs).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
