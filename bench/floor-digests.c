// Issue 17's floor for a scan that verifies both digests of every layer: for each layer blob named on the command
// line, SHA-256 of the stored bytes (the manifest's digest), decode (ISA-L isal_inflate for gzip, libzstd for zstd, the
// same libraries Drydock loads) and SHA-256 of the decoded tar (the config's diff id), with OpenSSL's SHA-256 (SHA-NI
// where the CPU has it, as .NET's IncrementalHash on Linux). Nothing else: no tar parsing, no file system, no report.
// THREADS workers (default 1) take whole layers from one queue, so THREADS=2 is the best a two-core scan can do with
// layers read in parallel. Prints each layer's two digests to stdout (checked against the manifest and config by
// bench/inflate-bench.sh) so that no step can be skipped by the compiler. Build:
//   cc -O2 -o floor-digests bench/floor-digests.c -lisal -l:libcrypto.so.3 -l:libzstd.so.1 -lpthread
// (Debian 12: isal's libisal-dev for igzip_lib.h; OpenSSL's and zstd's few prototypes are declared below, so neither
// libssl-dev nor libzstd-dev is needed.)
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_md_st EVP_MD;
EVP_MD_CTX *EVP_MD_CTX_new(void);
void EVP_MD_CTX_free(EVP_MD_CTX *);
const EVP_MD *EVP_sha256(void);
int EVP_DigestInit_ex(EVP_MD_CTX *, const EVP_MD *, void *);
int EVP_DigestUpdate(EVP_MD_CTX *, const void *, size_t);
int EVP_DigestFinal_ex(EVP_MD_CTX *, unsigned char *, unsigned int *);

typedef struct { const void *src; size_t size; size_t pos; } ZSTD_inBuffer;
typedef struct { void *dst; size_t size; size_t pos; } ZSTD_outBuffer;
typedef struct ZSTD_DCtx_s ZSTD_DStream;
ZSTD_DStream *ZSTD_createDStream(void);
size_t ZSTD_freeDStream(ZSTD_DStream *);
size_t ZSTD_decompressStream(ZSTD_DStream *, ZSTD_outBuffer *, ZSTD_inBuffer *);
unsigned ZSTD_isError(size_t);
const char *ZSTD_getErrorName(size_t);

enum { IN_BYTES = 1 << 20, OUT_BYTES = 256 << 10 };

static char **layers;
static int layer_count;
static atomic_int next_layer;
static char (*results)[160];

static void hex(const unsigned char *d, char *out) {
  for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static void fail(const char *path, const char *what) {
  fprintf(stderr, "floor-digests: %s: %s\n", path, what);
  exit(1);
}

static void one_layer(int index, unsigned char *in, unsigned char *out) {
  const char *path = layers[index];
  int fd = open(path, O_RDONLY);
  if (fd < 0) fail(path, "cannot open");
  EVP_MD_CTX *blob = EVP_MD_CTX_new(), *tar = EVP_MD_CTX_new();
  EVP_DigestInit_ex(blob, EVP_sha256(), NULL);
  EVP_DigestInit_ex(tar, EVP_sha256(), NULL);
  struct inflate_state *gz = NULL;
  ZSTD_DStream *zs = NULL;
  int first = 1;
  ssize_t n;
  while ((n = read(fd, in, IN_BYTES)) > 0) {
    EVP_DigestUpdate(blob, in, (size_t)n);
    if (first) {
      first = 0;
      if (n >= 4 && in[0] == 0x28 && in[1] == 0xb5 && in[2] == 0x2f && in[3] == 0xfd) zs = ZSTD_createDStream();
      else if (n >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
        gz = malloc(sizeof *gz);
        isal_inflate_init(gz);
        gz->crc_flag = ISAL_GZIP;
      }
    }
    if (gz) {
      gz->next_in = in;
      gz->avail_in = (uint32_t)n;
      while (gz->avail_in > 0) {
        gz->next_out = out;
        gz->avail_out = OUT_BYTES;
        if (isal_inflate(gz) != ISAL_DECOMP_OK) fail(path, "corrupt gzip data");
        EVP_DigestUpdate(tar, out, OUT_BYTES - gz->avail_out);
        if (gz->block_state == ISAL_BLOCK_FINISH) {
          if (gz->avail_in >= 2 && gz->next_in[0] == 0x1f && gz->next_in[1] == 0x8b) {
            uint8_t *rest = gz->next_in;
            uint32_t left = gz->avail_in;
            isal_inflate_reset(gz);
            gz->crc_flag = ISAL_GZIP;
            gz->next_in = rest;
            gz->avail_in = left;
          } else break;
        } else if (gz->avail_out != 0 && gz->avail_in != 0 && OUT_BYTES - gz->avail_out == 0) {
          break;  // no progress (a header split over reads): the digests then differ and inflate-bench.sh says so
        }
      }
    } else if (zs) {
      ZSTD_inBuffer zin = {in, (size_t)n, 0};
      while (zin.pos < zin.size) {
        ZSTD_outBuffer zout = {out, OUT_BYTES, 0};
        size_t r = ZSTD_decompressStream(zs, &zout, &zin);
        if (ZSTD_isError(r)) fail(path, ZSTD_getErrorName(r));
        EVP_DigestUpdate(tar, out, zout.pos);
      }
    } else {
      EVP_DigestUpdate(tar, in, (size_t)n);  // an uncompressed layer: the diff id is the blob's digest
    }
  }
  if (n < 0) fail(path, "read error");
  if (gz) {
    // Output still held by the decoder once the input has ended.
    for (;;) {
      gz->next_out = out;
      gz->avail_out = OUT_BYTES;
      if (isal_inflate(gz) != ISAL_DECOMP_OK) fail(path, "corrupt gzip data");
      size_t made = OUT_BYTES - gz->avail_out;
      EVP_DigestUpdate(tar, out, made);
      if (made == 0) break;
    }
  }
  if (zs) {
    for (;;) {
      ZSTD_inBuffer zin = {in, 0, 0};
      ZSTD_outBuffer zout = {out, OUT_BYTES, 0};
      size_t r = ZSTD_decompressStream(zs, &zout, &zin);
      if (ZSTD_isError(r)) fail(path, ZSTD_getErrorName(r));
      EVP_DigestUpdate(tar, out, zout.pos);
      if (zout.pos == 0) break;
    }
  }
  close(fd);
  unsigned char d[32];
  unsigned int len;
  char a[65], b[65];
  EVP_DigestFinal_ex(blob, d, &len);
  hex(d, a);
  EVP_DigestFinal_ex(tar, d, &len);
  hex(d, b);
  snprintf(results[index], sizeof results[index], "sha256:%s sha256:%s", a, b);
  EVP_MD_CTX_free(blob);
  EVP_MD_CTX_free(tar);
  free(gz);
  if (zs) ZSTD_freeDStream(zs);
}

static void *worker(void *unused) {
  (void)unused;
  unsigned char *in = malloc(IN_BYTES), *out = malloc(OUT_BYTES);
  for (int i; (i = atomic_fetch_add(&next_layer, 1)) < layer_count;) one_layer(i, in, out);
  free(in);
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: [THREADS=N] floor-digests LAYER_BLOB...\n");
    return 2;
  }
  layers = argv + 1;
  layer_count = argc - 1;
  results = calloc((size_t)layer_count, sizeof *results);
  int threads = getenv("THREADS") ? atoi(getenv("THREADS")) : 1;
  if (threads < 1) threads = 1;
  pthread_t ids[64];
  if (threads > 64) threads = 64;
  for (int t = 0; t < threads; t++) pthread_create(&ids[t], NULL, worker, NULL);
  for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
  for (int i = 0; i < layer_count; i++) printf("%s\n", results[i]);
  return 0;
}
