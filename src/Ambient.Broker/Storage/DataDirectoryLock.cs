namespace Ambient.Broker.Storage;

/// <summary>An exclusive lock on the data directory, so two brokers never write the same logs.</summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <exception cref="IOException">Another process holds the directory.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, ".lock");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new IOException($"Data directory {Path.GetFullPath(dataDirectory)} is in use by another broker (cannot lock {path}).", ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
