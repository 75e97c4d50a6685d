namespace Ambient.Cli.Commands;

/// <summary>Files only their owner may read (mode 0600 in a 0700 directory on Unix), for passwords.</summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAll = OwnerReadWrite | UnixFileMode.UserExecute;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerAll);
        File.SetUnixFileMode(path, OwnerAll); // it may have existed with a wider mode
    }

    /// <summary>Replaces the file's lines; the mode is narrowed before anything is written, also when the file existed.</summary>
    public static void Write(string path, IEnumerable<string> lines)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
        }

        using var writer = new StreamWriter(stream);
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
