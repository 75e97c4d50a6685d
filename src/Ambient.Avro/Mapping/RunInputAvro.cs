using Ambient.Abstractions.Checkpoints;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="RunInput"/> ↔ <c>io.ambient.v1.InputEvent</c>, shared by checkpoints and run heads.</summary>
internal static class RunInputAvro
{
    public static GenericRecord ToAvro(RecordSchema owner, RunInput input)
    {
        var record = new GenericRecord(RecordSchemaOf(owner, "input"));
        record.Add("topic", input.Topic);
        record.Add("partition", input.Partition);
        record.Add("offset", input.Offset);
        record.Add("eventId", input.EventId);
        record.Add("eventType", input.EventType);
        return record;
    }

    public static void Write(RunInput input, Wire.AvroBinaryWriter writer)
    {
        writer.WriteString(input.Topic);
        writer.WriteInt(input.Partition);
        writer.WriteLong(input.Offset);
        writer.WriteString(input.EventId);
        writer.WriteString(input.EventType);
    }

    public static RunInput FromAvro(GenericRecord record) =>
        new(String(record, "topic"), Int(record, "partition"), Long(record, "offset"), String(record, "eventId"), String(record, "eventType"));
}
