#!/bin/sh
# Build CPython with PGO and LTO, as Debian, Ubuntu and the official Docker images build it, to measure the site
# with the interpreter production runs (docs/deployment.md): pyenv's default build has neither.
#
#   bench/optimized_python.sh [PREFIX]        # default var/python-3.13.5-opt; about 25 minutes on 2 cores
#   make install PYTHON=var/python-3.13.5-opt/bin/python3.13 VENV=.venv-opt
#   .venv-opt/bin/python bench/load.py        # or bench/cpu.py
#
# The source is the release tarball from python.org, or the same file from Debian's archive (Debian's
# python3.13 source package ships it unchanged as its .orig.tar.xz); either is checked against its SHA-256.
# Needs gcc, make and the headers pyenv needs (libssl-dev, zlib1g-dev, libffi-dev, libbz2-dev, liblzma-dev,
# libreadline-dev, libsqlite3-dev, uuid-dev).
set -eu

VERSION=3.13.5
SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
PREFIX=$(realpath -m "${1:-var/python-$VERSION-opt}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
for url in \
    "https://www.python.org/ftp/python/$VERSION/Python-$VERSION.tar.xz" \
    "http://deb.debian.org/debian/pool/main/p/python3.13/python3.13_$VERSION.orig.tar.xz"; do
    if curl -fsSL --max-time 300 -o python.tar.xz "$url" && echo "$SHA256  python.tar.xz" | sha256sum -c --quiet; then
        break
    fi
    rm -f python.tar.xz
done
test -f python.tar.xz || { echo "Could not download Python $VERSION with SHA-256 $SHA256" >&2; exit 1; }

tar xf python.tar.xz
cd "Python-$VERSION"
./configure --prefix="$PREFIX" --enable-optimizations --with-lto >configure.log
make -j"$(nproc)" >make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
make install >install.log 2>&1
echo "Built $PREFIX/bin/python3.13 (PGO + LTO)"
