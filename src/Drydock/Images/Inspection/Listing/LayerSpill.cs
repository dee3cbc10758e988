namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// Records written to one temp file under <see cref="DrydockTemp"/> in blocks of <c>blockBytes</c> (64 KiB for a
/// layer, 16 KiB for a sort run), read back forward or backward (last record first): a layer's entries are applied
/// top-down, so the last of a layer's duplicates wins. Only the block offsets stay in memory (8 bytes per block); the
/// write buffer is released by <see cref="Seal"/>, and a forward reader holds one block's bytes and decodes a record at
/// a time. Buffers held are counted in an optional <see cref="BufferCount"/>. The file is deleted on dispose.
/// </summary>
internal sealed class LayerSpill : IDisposable
{
    internal const int LayerBlockBytes = 64 * 1024;

    private readonly string _path = DrydockTemp.NewPath("listing-", ".spill");
    private readonly int _blockBytes;
    private readonly BufferCount? _buffers;
    private readonly FileStream _file;
    private readonly List<long> _blocks = [];
    private MemoryStream? _block;
    private BinaryWriter? _writer;

    public LayerSpill(int blockBytes = LayerBlockBytes, BufferCount? buffers = null)
    {
        _blockBytes = blockBytes;
        _buffers = buffers;
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    public long Count { get; private set; }

    public void Append(ListingRecord record)
    {
        if (_writer is null)
        {
            _block = new MemoryStream(_blockBytes + 512);
            _writer = new BinaryWriter(_block);
            _buffers?.Take();
        }
        record.Write(_writer);
        Count++;
        if (_block!.Length >= _blockBytes) FlushBlock();
    }

    /// <summary>Writes what is buffered and releases the write buffer (a later <see cref="Append"/> takes a new one).</summary>
    public void Seal()
    {
        FlushBlock();
        if (_writer is null) return;
        _writer.Dispose();
        _writer = null;
        _block = null;
        _buffers?.Release();
    }

    /// <summary>Every record, first written first; one block's bytes in memory while enumerating.</summary>
    public IEnumerable<ListingRecord> ReadForward()
    {
        Seal();
        if (_blocks.Count == 0) yield break;
        _buffers?.Take();
        try
        {
            byte[] bytes = [];
            for (var b = 0; b < _blocks.Count; b++)
            {
                var length = ReadBlockBytes(b, ref bytes);
                using var reader = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false));
                while (reader.BaseStream.Position < length) yield return ListingRecord.Read(reader);
            }
        }
        finally
        {
            _buffers?.Release();
        }
    }

    /// <summary>Every record, last written first.</summary>
    public IEnumerable<ListingRecord> ReadBackward()
    {
        Seal();
        byte[] bytes = [];
        for (var b = _blocks.Count - 1; b >= 0; b--)
        {
            var length = ReadBlockBytes(b, ref bytes);
            var records = new List<ListingRecord>();
            using (var reader = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false)))
            {
                while (reader.BaseStream.Position < length) records.Add(ListingRecord.Read(reader));
            }
            for (var i = records.Count - 1; i >= 0; i--) yield return records[i];
        }
    }

    // Block b's bytes into buffer (grown when a block is larger: its last record passed the block size).
    private int ReadBlockBytes(int b, ref byte[] buffer)
    {
        var end = b + 1 < _blocks.Count ? _blocks[b + 1] : _file.Length;
        var length = (int)(end - _blocks[b]);
        if (buffer.Length < length) buffer = new byte[length];
        _file.Position = _blocks[b];
        _file.ReadExactly(buffer, 0, length);
        return length;
    }

    private void FlushBlock()
    {
        if (_block is null || _block.Length == 0) return;
        _file.Position = _file.Length;
        _blocks.Add(_file.Position);
        _file.Write(_block.GetBuffer(), 0, (int)_block.Length);
        _block.SetLength(0);
    }

    public void Dispose()
    {
        if (_writer is not null)
        {
            _writer.Dispose();
            _writer = null;
            _block = null;
            _buffers?.Release();
        }
        _file.Dispose();
    }
}
