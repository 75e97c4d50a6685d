using System.Globalization;

namespace Ambient.Broker.Storage;

/// <summary>The broker's <c>meta.properties</c>: cluster id and node id, as Kafka keeps them.</summary>
internal static class BrokerMetadata
{
    public static string LoadOrCreateClusterId(string dataDirectory, int nodeId)
    {
        var path = Path.Combine(dataDirectory, "meta.properties");
        if (File.Exists(path))
        {
            var clusterId = File.ReadAllLines(path)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == "cluster.id")
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
            if (!string.IsNullOrEmpty(clusterId))
            {
                return clusterId;
            }
        }

        // Kafka cluster ids are URL-safe base64 of a random UUID, 22 characters.
        var id = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        TopicStore.WriteAtomically(path, string.Create(CultureInfo.InvariantCulture, $"version=1\ncluster.id={id}\nnode.id={nodeId}\n"));
        return id;
    }
}
