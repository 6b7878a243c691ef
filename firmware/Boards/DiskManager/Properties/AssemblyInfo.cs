using System.Reflection;

[assembly: AssemblyTitle("ColdStandby.DiskManager.Board")]
[assembly: AssemblyProduct("ColdStandby")]
[assembly: AssemblyVersion("0.1.0.0")]
