//! The content folder (question bank, themes, loop templates): embedded in the binary at build
//! time, or read from a directory given with `--content DIR` to use an edited or private bank.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use mockloop_core::bank::parse::{load_bank, ContentFile, Problem};
use mockloop_core::bank::Bank;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Where the content comes from, for messages.
#[derive(Clone, Debug)]
pub enum ContentSource {
    Bundled,
    Directory(PathBuf),
}

fn bundled_files() -> Vec<ContentFile> {
    let mut files = Vec::new();
    let mut stack = vec![&BUNDLED];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            if let Some(text) = file.contents_utf8() {
                files.push(ContentFile {
                    path: file.path().to_string_lossy().replace('\\', "/"),
                    text: text.to_owned(),
                });
            }
        }
        stack.extend(dir.dirs());
    }
    files
}

fn directory_files(root: &Path) -> Result<Vec<ContentFile>, String> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md" || ext == "toml") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                files.push(ContentFile { path: relative, text });
            }
        }
    }
    Ok(files)
}

/// Reads and parses the content. Problems are returned with paths as the user knows them.
pub fn load(source: &ContentSource) -> Result<(Bank, Vec<Problem>), String> {
    let (files, prefix) = match source {
        ContentSource::Bundled => (bundled_files(), "content".to_owned()),
        ContentSource::Directory(dir) => (directory_files(dir)?, dir.display().to_string()),
    };
    let (bank, mut problems) = load_bank(&files);
    for problem in &mut problems {
        problem.path = format!("{}/{}", prefix.trim_end_matches('/'), problem.path);
    }
    Ok((bank, problems))
}

impl ContentSource {
    pub fn from_option(dir: Option<PathBuf>) -> Self {
        dir.map_or(Self::Bundled, Self::Directory)
    }
}
