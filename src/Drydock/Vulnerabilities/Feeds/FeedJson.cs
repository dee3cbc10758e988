using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Reads one JSON feed file record by record (<see cref="JsonRecordSplitter"/>) and turns each record into advisory
/// records with the feed's parser. A record that the parser finds malformed, or that yields more than
/// <see cref="FeedLimits.MaxRowsPerRecord"/> rows, is skipped with a warning naming the file and the record; the
/// others are kept. A file without the streamed container (a single record: a bare NVD <c>cve</c>, one secdb package)
/// is read whole, within <see cref="FeedLimits.MaxRecordBytes"/>.
/// </summary>
internal static class FeedJson
{
    public static async IAsyncEnumerable<AdvisoryRecord> ReadAsync(
        string path, string name, Func<string?, bool> container, Func<JsonRecord, IReadOnlyDictionary<string, string>, IEnumerable<AdvisoryRecord>> parse,
        Func<JsonElement, IEnumerable<AdvisoryRecord>> whole, List<string> warnings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool streamed;
        await using (var stream = FeedFiles.OpenRead(path))
        {
            var splitter = new JsonRecordSplitter(stream, name, container, warnings.Add);
            await foreach (var record in splitter.ReadAsync(cancellationToken))
            {
                List<AdvisoryRecord>? parsed;
                using (record) parsed = Guard(() => parse(record, splitter.RootStrings), name, record.Label, warnings);
                foreach (var r in parsed ?? []) yield return r;
            }
            streamed = splitter.SawContainer;
        }
        if (streamed) yield break;
        List<AdvisoryRecord>? single;
        await using (var stream = FeedFiles.OpenRead(path))
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(FeedLimits.Bounded(stream, name), new JsonDocumentOptions { MaxDepth = FeedLimits.MaxNesting }, cancellationToken);
                single = Guard(() => whole(doc.RootElement), name, "the file", warnings);
            }
            catch (FeedRecordException e)
            {
                warnings.Add(e.Message);
                single = null;
            }
            catch (JsonException e)
            {
                throw new FeedFormatException($"{name}: not valid JSON: {e.Message}");
            }
        }
        foreach (var r in single ?? []) yield return r;
    }

    /// <summary>Runs one record's parser; a malformed record or one over the row bound is a warning and null.</summary>
    public static List<AdvisoryRecord>? Guard(Func<IEnumerable<AdvisoryRecord>> parse, string file, string label, List<string> warnings)
    {
        try
        {
            var list = new List<AdvisoryRecord>();
            long rows = 0;
            foreach (var r in parse())
            {
                rows += r.Affected.Count + r.ProductCpes.Count;
                if (rows > FeedLimits.MaxRowsPerRecord)
                    throw new FeedRecordException($"{file}: {label}: more than {FeedLimits.MaxRowsPerRecord} rows; record skipped");
                list.Add(r);
            }
            return list;
        }
        catch (FeedRecordException e)
        {
            warnings.Add(e.Message);
        }
        catch (Exception e) when (FeedRecordException.IsMalformedRecord(e))
        {
            warnings.Add($"{file}: {label}: malformed record ({e.Message}); record skipped");
        }
        return null;
    }
}
