namespace ColdStandby.Bench.Commands;

/// <summary>An output folder that is known to be writable before any work is done.</summary>
public static class OutputFolder
{
    /// <summary>Creates the folder if needed and checks that a file can be written in it; returns the reason when not.</summary>
    public static string? Prepare(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                return "it is a file";
            }

            Directory.CreateDirectory(path);
            string probe = Path.Combine(path, ".write-check");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e.Message;
        }
    }
}
