using Ambient.Abstractions.A2a;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using static Ambient.Avro.Mapping.AvroFields;

namespace Ambient.Avro.Mapping;

/// <summary><see cref="A2aAgentCard"/> ↔ <c>io.ambient.v1.AgentCard</c>: the value on the compacted cards topic.</summary>
public sealed class A2aAgentCardAvroMapper : IAvroRecordMapper<A2aAgentCard>
{
    /// <inheritdoc/>
    public RecordSchema Schema { get; } = AmbientSchemas.Get("AgentCard");

    /// <inheritdoc/>
    public GenericRecord ToAvro(A2aAgentCard value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var interfaceSchema = RecordSchemaOf(Schema, "supportedInterfaces");
        var skillSchema = RecordSchemaOf(Schema, "skills");
        var capabilitiesSchema = RecordSchemaOf(Schema, "capabilities");
        var extensionSchema = RecordSchemaOf(capabilitiesSchema, "extensions");
        var capabilities = new GenericRecord(capabilitiesSchema);
        capabilities.Add("streaming", value.Streaming);
        capabilities.Add("pushNotifications", false);
        capabilities.Add("extensions", value.Extensions.Select(e =>
        {
            var item = new GenericRecord(extensionSchema);
            item.Add("uri", e.Uri);
            item.Add("description", e.Description);
            item.Add("required", e.Required);
            item.Add("params", e.Params);
            return (object)item;
        }).ToArray());
        capabilities.Add("extendedAgentCard", null);

        var record = new GenericRecord(Schema);
        record.Add("name", value.Name);
        record.Add("description", value.Description);
        record.Add("supportedInterfaces", value.Interfaces.Select(i =>
        {
            var item = new GenericRecord(interfaceSchema);
            item.Add("url", i.Url);
            item.Add("protocolBinding", i.ProtocolBinding);
            item.Add("tenant", null);
            item.Add("protocolVersion", i.ProtocolVersion);
            return (object)item;
        }).ToArray());
        record.Add("provider", null);
        record.Add("version", value.Version);
        record.Add("documentationUrl", null);
        record.Add("capabilities", capabilities);
        record.Add("securitySchemes", null);
        record.Add("securityRequirements", null);
        record.Add("defaultInputModes", value.InputModes.Cast<object>().ToArray());
        record.Add("defaultOutputModes", value.OutputModes.Cast<object>().ToArray());
        record.Add("skills", value.Skills.Select(s =>
        {
            var item = new GenericRecord(skillSchema);
            item.Add("id", s.Id);
            item.Add("name", s.Name);
            item.Add("description", s.Description);
            item.Add("tags", s.Tags.Cast<object>().ToArray());
            item.Add("examples", s.Examples.Cast<object>().ToArray());
            item.Add("inputModes", Array.Empty<object>());
            item.Add("outputModes", Array.Empty<object>());
            item.Add("securityRequirements", null);
            return (object)item;
        }).ToArray());
        record.Add("signatures", null);
        record.Add("iconUrl", null);
        return record;
    }

    /// <inheritdoc/>
    public A2aAgentCard FromAvro(GenericRecord record) => new(
        String(record, "name"),
        String(record, "description"),
        String(record, "version"),
        [.. Records(record, "supportedInterfaces").Select(i => new A2aAgentInterface(String(i, "url"), String(i, "protocolBinding"), String(i, "protocolVersion")))],
        [.. Records(record, "skills").Select(s => new A2aAgentSkill(String(s, "id"), String(s, "name"), String(s, "description"), Strings(s, "tags"), Strings(s, "examples")))],
        Boolean(Record(record, "capabilities"), "streaming"),
        Strings(record, "defaultInputModes"),
        Strings(record, "defaultOutputModes"))
    {
        Extensions = [.. Records(Record(record, "capabilities"), "extensions")
            .Select(e => new A2aAgentExtension(String(e, "uri"), OptionalString(e, "description"), Boolean(e, "required"), OptionalString(e, "params")))],
    };
}
