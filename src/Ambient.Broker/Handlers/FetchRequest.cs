using Ambient.Broker.Protocol;

namespace Ambient.Broker.Handlers;

/// <summary>The parts of a Fetch v4-11 request the broker acts on.</summary>
internal sealed record FetchRequest(int MaxWaitMs, int MinBytes, int MaxBytes, List<FetchTopic> Topics)
{
    public static FetchRequest Read(KafkaReader reader, short version)
    {
        reader.ReadInt32(); // replica id: always a consumer here
        var maxWaitMs = reader.ReadInt32();
        var minBytes = reader.ReadInt32();
        var maxBytes = reader.ReadInt32();
        reader.ReadInt8(); // isolation level: with no transactions both levels see the same data
        if (version >= 7)
        {
            reader.ReadInt32(); // session id
            reader.ReadInt32(); // session epoch
        }

        var topics = reader.ReadArray(t => new FetchTopic(t.ReadString(), t.ReadArray(p => FetchPartition.Read(p, version))));
        if (version >= 7)
        {
            reader.ReadArray(f => (f.ReadString(), f.ReadArray(p => p.ReadInt32()))); // forgotten topics: no sessions
        }

        if (version >= 11)
        {
            reader.ReadString(); // rack id
        }

        return new FetchRequest(maxWaitMs, minBytes, maxBytes, topics);
    }
}

/// <summary>One topic of a Fetch request.</summary>
internal sealed record FetchTopic(string Name, List<FetchPartition> Partitions);

/// <summary>One partition of a Fetch request.</summary>
internal sealed record FetchPartition(int Partition, long FetchOffset, int MaxBytes)
{
    public static FetchPartition Read(KafkaReader reader, short version)
    {
        var partition = reader.ReadInt32();
        if (version >= 9)
        {
            reader.ReadInt32(); // current leader epoch
        }

        var fetchOffset = reader.ReadInt64();
        if (version >= 5)
        {
            reader.ReadInt64(); // log start offset: only followers send one
        }

        return new FetchPartition(partition, fetchOffset, reader.ReadInt32());
    }
}
