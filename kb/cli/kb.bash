# bash completion for kb: commands, their options, and slugs read from the base.
_kb()
{
    local cur prev words cword
    _init_completion 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }
    local i cmd="" db=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db) db=(--db "${words[i+1]}"); ((i++)) ;;
            --db=*) db=("${words[i]}") ;;
            --color) ((i++)) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--db --color --version --help" -- "$cur"))
        elif [[ $prev == --color ]]; then
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
        elif [[ $prev == --db ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            local cmds
            cmds=$(kb help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ && on {on = 0}')
            COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
        fi
        return
    fi
    case $prev in
        --format)
            COMPREPLY=($(compgen -W "text json csv tsv md html" -- "$cur")); return ;;
        --kind)
            COMPREPLY=($(compgen -W "entity company model asset claim debate source" -- "$cur")); return ;;
        --stance)
            COMPREPLY=($(compgen -W "bullish bearish neutral mixed" -- "$cur")); return ;;
        --sort)
            COMPREPLY=($(compgen -W "rank date" -- "$cur")); return ;;
        -o|--output|-f|--file)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$(kb help "$cmd" 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
        return
    fi
    case $cmd in
        brief|show|rm)
            local slugs
            slugs=$(kb "${db[@]}" sql --format tsv --no-header \
                "SELECT slug FROM entities UNION SELECT slug FROM claims UNION SELECT slug FROM debates UNION SELECT slug FROM sources" 2>/dev/null)
            COMPREPLY=($(compgen -W "$slugs" -- "$cur")) ;;
        search|sql) ;;
        help)
            local cmds
            cmds=$(kb help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
            COMPREPLY=($(compgen -W "$cmds" -- "$cur")) ;;
        *)
            COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -F _kb kb
