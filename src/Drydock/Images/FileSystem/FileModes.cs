namespace Drydock.Images.FileSystem;

/// <summary>Formats unix modes as <c>ls -l</c> does.</summary>
public static class FileModes
{
    public static string Format(FileKind kind, int mode)
    {
        Span<char> s = stackalloc char[10];
        s[0] = kind switch
        {
            FileKind.Directory => 'd',
            FileKind.Symlink => 'l',
            FileKind.CharDevice => 'c',
            FileKind.BlockDevice => 'b',
            FileKind.Fifo => 'p',
            _ => '-',
        };
        const string rwx = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) s[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx[i] : '-';
        if ((mode & 0x800) != 0) s[3] = s[3] == 'x' ? 's' : 'S';
        if ((mode & 0x400) != 0) s[6] = s[6] == 'x' ? 's' : 'S';
        if ((mode & 0x200) != 0) s[9] = s[9] == 'x' ? 't' : 'T';
        return new string(s);
    }
}
