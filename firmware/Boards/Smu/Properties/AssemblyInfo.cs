using System.Reflection;

[assembly: AssemblyTitle("ColdStandby.Smu.Board")]
[assembly: AssemblyProduct("ColdStandby")]
[assembly: AssemblyVersion("0.1.0.0")]
