using System.Text;
using System.Text.Json;
using Routing.Core.Customers;
using Routing.Redis;

namespace Routing.Server.DataProtection;

/// <summary>
/// Writes a customer's export: the CRM's rows by table, then per thread the journey,
/// conversations and contacts as Redis holds them (fields that hold JSON are embedded as JSON).
/// </summary>
public static class CustomerExportWriter
{
    // Contact hash fields that hold JSON documents (ContactFields).
    private static readonly HashSet<string> JsonFields = new(StringComparer.Ordinal) { "crm", "attrs", "skills" };

    public static string Write(string tenant, DataSubject subject, CrmExport crm, IReadOnlyList<ThreadExport> threads, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentNullException.ThrowIfNull(threads);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tenant", tenant);
            w.WriteString("customerId", subject.CustomerId);
            w.WriteString("exportedAt", exportedAt);
            w.WriteStartArray("addresses");
            foreach (var a in subject.Addresses)
            {
                w.WriteStartObject();
                w.WriteString("channel", a.Channel);
                w.WriteString("address", a.Address);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("crm");
            foreach (var (table, rows) in crm.Tables)
            {
                w.WriteStartArray(table);
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    foreach (var (column, value) in row)
                    {
                        w.WritePropertyName(column);
                        WriteValue(w, value);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartArray("threads");
            foreach (var thread in threads)
            {
                WriteThread(w, thread);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteThread(Utf8JsonWriter w, ThreadExport thread)
    {
        w.WriteStartObject();
        w.WriteString("thread", thread.ThreadKey);
        w.WritePropertyName("state");
        WriteFields(w, thread.Thread);
        w.WriteStartArray("journey");
        foreach (var step in thread.Journey)
        {
            w.WriteStartObject();
            w.WriteString("contactId", step.ContactId);
            w.WriteString("at", step.At);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("conversations");
        foreach (var conversation in thread.Conversations)
        {
            w.WriteStartObject();
            w.WriteString("conversationId", conversation.ConversationId);
            w.WritePropertyName("fields");
            WriteFields(w, conversation.Fields);
            w.WriteStartArray("contactIds");
            foreach (var id in conversation.ContactIds)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("contacts");
        foreach (var contact in thread.Contacts)
        {
            w.WriteStartObject();
            w.WriteString("contactId", contact.ContactId);
            w.WritePropertyName("fields");
            WriteFields(w, contact.Fields);
            WriteJsonArray(w, "messages", contact.Messages);
            WriteJsonArray(w, "timeline", contact.Timeline);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, IReadOnlyDictionary<string, string> fields)
    {
        w.WriteStartObject();
        foreach (var (name, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(name);
            if (JsonFields.Contains(name) && TryRaw(w, value))
            {
                continue;
            }

            w.WriteStringValue(value);
        }

        w.WriteEndObject();
    }

    private static void WriteJsonArray(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            if (!TryRaw(w, item))
            {
                w.WriteStringValue(item);
            }
        }

        w.WriteEndArray();
    }

    private static bool TryRaw(Utf8JsonWriter w, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            document.WriteTo(w);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case long or int or short or byte:
                w.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                w.WriteNumberValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case DateTime d:
                w.WriteStringValue(d);
                break;
            case DateTimeOffset d:
                w.WriteStringValue(d);
                break;
            case byte[] bytes:
                w.WriteBase64StringValue(bytes);
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
