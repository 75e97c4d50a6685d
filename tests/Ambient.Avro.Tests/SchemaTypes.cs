using Avro;

namespace Ambient.Avro.Tests;

/// <summary>Walks a schema's named types (records, enums, fixed), each once.</summary>
internal static class SchemaTypes
{
    public static IEnumerable<NamedSchema> Named(Schema schema)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Schema>([schema]);
        while (pending.TryPop(out var next))
        {
            switch (next)
            {
                case NamedSchema named when !seen.Add(named.Fullname):
                    continue;
                case RecordSchema record:
                    yield return record;
                    record.Fields.ForEach(field => pending.Push(field.Schema));
                    break;
                case NamedSchema named:
                    yield return named;
                    break;
                case ArraySchema array:
                    pending.Push(array.ItemSchema);
                    break;
                case MapSchema map:
                    pending.Push(map.ValueSchema);
                    break;
                case UnionSchema union:
                    union.Schemas.ToList().ForEach(pending.Push);
                    break;
            }
        }
    }

    public static T Find<T>(Schema root, string name)
        where T : NamedSchema =>
        Named(root).OfType<T>().FirstOrDefault(named => named.Name == name)
            ?? throw new InvalidOperationException($"{root.Fullname} defines no {name}.");
}
